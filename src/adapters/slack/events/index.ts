// Events API listeners, one per file.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { register as registerAppHomeOpened } from './app-home-opened.js';
import { register as registerAppMention } from './app-mention.js';
import { register as registerDirectMessage } from './direct-message.js';

export function register(app: App, deps: SlackDeps): void {
  registerDirectMessage(app, deps);
  registerAppMention(app, deps);
  registerAppHomeOpened(app, deps);
}
