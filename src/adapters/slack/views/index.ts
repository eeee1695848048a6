// View submissions (modals), one listener per file.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { register as registerMemcheckModal } from './memcheck-modal.js';

export function register(app: App, ctx: SlackContext): void {
  registerMemcheckModal(app, ctx);
}
