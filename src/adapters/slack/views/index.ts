// View submissions (modals), one listener per file.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { register as registerMemcheckModal } from './memcheck-modal.js';

export function register(app: App, deps: SlackDeps): void {
  registerMemcheckModal(app, deps);
}
