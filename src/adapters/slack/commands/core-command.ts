// `/lesson`, `/quiz`, `/leaderboard`, `/weekly`: Slack commands that map one-to-one onto core
// commands. A command the core does not have (yet) gets the core's "unknown command" answer.
import type { SlackContext } from '../context.js';
import { commandText, routeCommandLine, type CommandArgs } from '../command-route.js';

export const CORE_SLASH_COMMANDS = ['lesson', 'quiz', 'leaderboard', 'weekly'] as const;

export function coreCommand(ctx: SlackContext, name: string, args: CommandArgs): Promise<void> {
  return routeCommandLine(ctx, args, `/${name} ${commandText(args)}`.trim());
}
