// Events API listeners: one handler per file, bound to its event here.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { appHomeOpened } from './app-home-opened.js';
import { appMention } from './app-mention.js';
import { directMessage } from './direct-message.js';

export function register(app: App, ctx: SlackContext): void {
  app.message((args) => directMessage(ctx, args));
  app.event('app_mention', (args) => appMention(ctx, args));
  app.event('app_home_opened', (args) => appHomeOpened(ctx, args));
}
