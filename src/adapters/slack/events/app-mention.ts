// `@memtutor …` in a channel: answered in the thread of the mention.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { withoutMention } from '../slack-text.js';
import { answerMessage } from '../answer-message.js';

export async function appMention(ctx: SlackContext, { event, context }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> {
  if (!event.user || event.bot_id) return;
  await answerMessage(ctx, {
    text: withoutMention(event.text, context.botUserId),
    userId: event.user,
    teamId: context.teamId ?? event.team ?? '',
    channelId: event.channel,
    ts: event.ts,
    threadTs: event.thread_ts,
    direct: false,
  });
}
