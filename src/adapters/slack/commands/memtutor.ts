// `/memtutor [help | command …]`: the umbrella command. `/memtutor` and `/memtutor help` list the
// commands; `/memtutor lesson 3` works like `/lesson 3` (handy where a name is taken by another app).
import type { SlackContext } from '../context.js';
import { commandText, routeCommandLine, type CommandArgs } from '../command-route.js';

export function memtutorCommand(ctx: SlackContext, args: CommandArgs): Promise<void> {
  const text = commandText(args).replace(/^\//, '');
  return routeCommandLine(ctx, args, `/${text || 'help'}`);
}
