// Submitting the `/memcheck` modal: closes it at once, then answers in the channel the command came
// from through that command's response_url (kept in private_metadata).
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { answerText, type SlackContext } from '../context.js';
import { respondTo } from '../deliver.js';
import { CODE_INPUT } from '../render/views.js';
import { fenced } from '../slack-text.js';

const origin = z.object({ channelId: z.string().min(1), responseUrl: z.url() });

export async function memcheckModalSubmitted(ctx: SlackContext, { view, body, ack }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> {
  const code = view.state.values[CODE_INPUT.blockId]?.[CODE_INPUT.actionId]?.value?.trim() ?? '';
  if (!code) {
    await ack({ response_action: 'errors', errors: { [CODE_INPUT.blockId]: 'Paste some Python to check.' } });
    return;
  }
  await ack();
  const parsed = origin.safeParse(safeJson(view.private_metadata));
  if (!parsed.success) {
    ctx.logger.warn('slack: memcheck modal without a usable origin');
    return;
  }
  const { channelId, responseUrl } = parsed.data;
  const who = { userId: body.user.id, teamId: body.team?.id ?? body.user.team_id ?? '', channelId, userName: body.user.name };
  const target = ctx.delivery.viaResponseUrl(respondTo(responseUrl), { channelId, userId: body.user.id });
  await answerText(ctx, who, `/memcheck ${fenced(code)}`, target);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
