// Button clicks, one listener per file.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { register as registerCoreAction } from './core-action.js';

export function register(app: App, ctx: SlackContext): void {
  registerCoreAction(app, ctx);
}
