// `/memtutor [help | command …]`: the umbrella command. `/memtutor` and `/memtutor help` list the
// commands; `/memtutor lesson 3` works like `/lesson 3` (handy where a name is taken by another app).
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { commandText, routeCommandLine } from './route.js';

export function register(app: App, deps: SlackDeps): void {
  app.command('/memtutor', (args) => {
    const text = commandText(args).replace(/^\//, '');
    return routeCommandLine(deps, args, `/${text || 'help'}`);
  });
}
