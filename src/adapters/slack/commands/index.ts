// Slash commands: one handler per file, bound to its command here.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { CORE_SLASH_COMMANDS, coreCommand } from './core-command.js';
import { memcheckCommand } from './memcheck.js';
import { memtutorCommand } from './memtutor.js';

export function register(app: App, ctx: SlackContext): void {
  for (const name of CORE_SLASH_COMMANDS) app.command(`/${name}`, (args) => coreCommand(ctx, name, args));
  app.command('/memcheck', (args) => memcheckCommand(ctx, args));
  app.command('/memtutor', (args) => memtutorCommand(ctx, args));
}
