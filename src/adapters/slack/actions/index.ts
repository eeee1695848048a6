// Button clicks: one handler per file, bound here.
import type { App, BlockAction } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { coreAction } from './core-action.js';

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockAction>({ type: 'block_actions' }, (args) => coreAction(ctx, args));
}
