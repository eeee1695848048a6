// View submissions (modals): one handler per file, bound to its callback id here.
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { MEMCHECK_MODAL_ID } from '../render/views.js';
import { memcheckModalSubmitted } from './memcheck-modal.js';

export function register(app: App, ctx: SlackContext): void {
  app.view<ViewSubmitAction>(MEMCHECK_MODAL_ID, (args) => memcheckModalSubmitted(ctx, args));
}
