// Slash commands, one listener per file.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { register as registerCoreCommands } from './core-command.js';
import { register as registerMemcheck } from './memcheck.js';
import { register as registerMemtutor } from './memtutor.js';

export function register(app: App, deps: SlackDeps): void {
  registerCoreCommands(app, deps);
  registerMemcheck(app, deps);
  registerMemtutor(app, deps);
}
