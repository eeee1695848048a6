// The App Home tab: the lesson list, the user's quiz stats and the weekly schedule, each the reply
// of the core command that shows it (so the tab says what the commands say).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Caller, Reply } from '../../../core/messages.js';
import type { SlackContext } from '../context.js';
import { homeView } from '../render/views.js';

/** Command lines whose replies make up the tab, shown when the core has the command. */
const HOME_SECTIONS = ['/lesson', '/quiz stats', '/weekly show'];

export async function appHomeOpened(ctx: SlackContext, { event, client, context }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> {
  if (event.tab !== 'home') return;
  try {
    const caller = await ctx.callers.caller({ userId: event.user, teamId: context.teamId ?? '', channelId: event.channel });
    await client.views.publish({ user_id: event.user, view: homeView(await homeSections(ctx, caller)) });
  } catch (error) {
    ctx.logger.error({ err: error, user: event.user }, 'slack: could not publish the App Home tab');
  }
}

async function homeSections(ctx: SlackContext, caller: Caller): Promise<Reply[]> {
  const available = HOME_SECTIONS.filter((line) => ctx.router.command(line.slice(1).split(' ')[0]!));
  const replies = await Promise.all(available.map((line) => ctx.router.handleText(line, caller)));
  // "Ask an admin" style errors don't belong on the home tab.
  return replies.filter((reply) => reply.tone !== 'error');
}
