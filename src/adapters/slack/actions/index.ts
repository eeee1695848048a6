// Button clicks, one listener per file.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { register as registerCoreAction } from './core-action.js';

export function register(app: App, deps: SlackDeps): void {
  registerCoreAction(app, deps);
}
