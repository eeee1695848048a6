// Every button: its value is the core's action id (`lesson:3:2`, `quiz:answer:…`). The reply
// replaces the clicked message (reply.update), goes to the clicker alone (reply.ephemeral), or
// follows as a new message. Clicks in the App Home tab have no response_url: they answer in the DM.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerWith, type SlackContext } from '../context.js';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export async function coreAction(ctx: SlackContext, { action, body, ack, respond }: ActionArgs): Promise<void> {
  await ack();
  if (action.type !== 'button') return;
  const actionId = action.value ?? action.action_id;
  const userId = body.user.id;
  const channelId = body.channel?.id ?? body.container?.channel_id ?? userId;
  const who = { userId, teamId: body.team?.id ?? body.user.team_id ?? '', channelId, userName: body.user.name };
  const target = body.response_url ? ctx.delivery.viaResponseUrl(respond, { channelId, userId }) : ctx.delivery.inDirectMessage(userId);
  await answerWith(ctx, who, target, (caller) => ctx.router.handleAction(actionId, caller));
}
