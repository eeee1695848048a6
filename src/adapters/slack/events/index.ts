// Events API listeners, one per file.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { register as registerAppHomeOpened } from './app-home-opened.js';
import { register as registerAppMention } from './app-mention.js';
import { register as registerDirectMessage } from './direct-message.js';

export function register(app: App, ctx: SlackContext): void {
  registerDirectMessage(app, ctx);
  registerAppMention(app, ctx);
  registerAppHomeOpened(app, ctx);
}
