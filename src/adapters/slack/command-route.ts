// The one flow behind every slash command: ack at once (with a "working" note for slow commands),
// then ask the core as the caller and answer through the command's response_url.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerText, WORKING_NOTE, type SlackContext } from './context.js';
import { fencesOnOwnLines } from '../../core/markdown/fences.js';
import { fromSlackText } from './slack-text.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** Answers `line` (a core command line such as `/lesson 3`) for the slash command in `args`. */
export async function routeCommandLine(ctx: SlackContext, args: CommandArgs, line: string): Promise<void> {
  const { command, ack, respond } = args;
  const name = /^\/([\w-]+)/.exec(line)?.[1] ?? '';
  const slow = ctx.router.command(name)?.slow === true;
  await ack(slow ? { response_type: 'ephemeral', text: WORKING_NOTE } : undefined);
  const who = { userId: command.user_id, teamId: command.team_id, channelId: command.channel_id, userName: command.user_name };
  const target = ctx.delivery.viaResponseUrl(respond, { channelId: command.channel_id, userId: command.user_id }, { afterNote: slow });
  await answerText(ctx, who, line, target);
}

/** The text after a slash command, as the user typed it (channel mentions kept with their ids). */
export function commandText(args: CommandArgs): string {
  return fencesOnOwnLines(fromSlackText(args.command.text ?? '', { keepChannels: true })).trim();
}
