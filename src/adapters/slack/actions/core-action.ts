// Every button: its value is the core's action id (`lesson:3:2`, `quiz:answer:…`). The reply
// replaces the clicked message (reply.update), goes to the clicker alone (reply.ephemeral), or
// follows as a new message. Clicks in the App Home tab have no response_url: they answer in the DM.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { answerWith, type SlackContext } from '../context.js';
import type { ClickedMessage } from '../deliver.js';
import { pictureOfButtonBlock } from '../render/blocks.js';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export async function coreAction(ctx: SlackContext, { action, body, ack, respond }: ActionArgs): Promise<void> {
  await ack();
  if (action.type !== 'button') return;
  const actionId = action.value ?? action.action_id;
  const userId = body.user.id;
  const channelId = body.channel?.id ?? body.container?.channel_id ?? userId;
  const who = { userId, teamId: body.team?.id ?? body.user.team_id ?? '', channelId, userName: body.user.name };
  const clicked = clickedMessage(body.container, action.block_id);
  const place = { channelId, userId };
  const target = !body.response_url
    ? ctx.delivery.inDirectMessage(userId)
    : clicked
      ? ctx.delivery.forClick(respond, place, clicked)
      : ctx.delivery.viaResponseUrl(respond, place);
  await answerWith(ctx, who, target, (caller) => ctx.router.handleAction(actionId, caller));
}

const messageContainer = z.object({ type: z.literal('message'), message_ts: z.string().min(1), is_ephemeral: z.boolean().optional() });

/** The message the button was on, when the click came from a message (not a view). */
function clickedMessage(container: unknown, blockId: string): ClickedMessage | undefined {
  const parsed = messageContainer.safeParse(container);
  if (!parsed.success) return undefined;
  return { ts: parsed.data.message_ts, ephemeral: parsed.data.is_ephemeral ?? false, pictureFileId: pictureOfButtonBlock(blockId) };
}
