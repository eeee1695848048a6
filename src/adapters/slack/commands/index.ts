// Slash commands, one listener per file.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { register as registerCoreCommands } from './core-command.js';
import { register as registerMemcheck } from './memcheck.js';
import { register as registerMemtutor } from './memtutor.js';

export function register(app: App, ctx: SlackContext): void {
  registerCoreCommands(app, ctx);
  registerMemcheck(app, ctx);
  registerMemtutor(app, ctx);
}
