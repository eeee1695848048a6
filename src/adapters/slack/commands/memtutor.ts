// `/memtutor [help | command …]`: the umbrella command. `/memtutor` and `/memtutor help` list the
// commands; `/memtutor lesson 3` works like `/lesson 3` (handy where a name is taken by another app).
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { commandText, routeCommandLine } from '../command-route.js';

export function register(app: App, ctx: SlackContext): void {
  app.command('/memtutor', (args) => {
    const text = commandText(args).replace(/^\//, '');
    return routeCommandLine(ctx, args, `/${text || 'help'}`);
  });
}
