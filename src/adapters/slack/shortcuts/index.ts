// Global and message shortcuts: one handler per file, bound to its callback id here.
import type { App, MessageShortcut } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { CHECK_MEMORY_SHORTCUT, checkMemory } from './check-memory.js';

export function register(app: App, ctx: SlackContext): void {
  app.shortcut<MessageShortcut>({ callback_id: CHECK_MEMORY_SHORTCUT, type: 'message_action' }, (args) => checkMemory(ctx, args));
}
