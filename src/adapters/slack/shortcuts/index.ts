// Global and message shortcuts, one listener per file.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { register as registerCheckMemory } from './check-memory.js';

export function register(app: App, ctx: SlackContext): void {
  registerCheckMemory(app, ctx);
}
