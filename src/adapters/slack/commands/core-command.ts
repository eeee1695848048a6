// `/lesson`, `/quiz`, `/leaderboard`, `/weekly`: Slack commands that map one-to-one onto core
// commands. A command the core does not have (yet) gets the core's "unknown command" answer.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { commandText, routeCommandLine } from '../command-route.js';

export const CORE_SLASH_COMMANDS = ['lesson', 'quiz', 'leaderboard', 'weekly'] as const;

export function register(app: App, ctx: SlackContext): void {
  for (const name of CORE_SLASH_COMMANDS) {
    app.command(`/${name}`, (args) => routeCommandLine(ctx, args, `/${name} ${commandText(args)}`.trim()));
  }
}
