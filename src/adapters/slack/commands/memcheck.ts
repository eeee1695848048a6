// `/memcheck code` runs the code; `/memcheck` alone opens a modal with a multi-line input
// (its submission is handled in views/memcheck-modal.ts).
import type { SlackContext } from '../context.js';
import { memcheckModal } from '../render/views.js';
import { commandText, routeCommandLine, type CommandArgs } from '../command-route.js';

export async function memcheckCommand(ctx: SlackContext, args: CommandArgs): Promise<void> {
  const text = commandText(args);
  if (text) return routeCommandLine(ctx, args, `/memcheck ${text}`);
  await args.ack();
  const { command, client } = args;
  try {
    await client.views.open({
      trigger_id: command.trigger_id,
      view: memcheckModal({ channelId: command.channel_id, responseUrl: command.response_url }),
    });
  } catch (error) {
    ctx.logger.error({ err: error }, 'slack: could not open the memcheck modal');
    await args.respond({ response_type: 'ephemeral', text: 'I could not open the code editor. Try `/memcheck` followed by your code.' });
  }
}
