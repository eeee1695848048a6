// Every button: its value is the core's action id (`lesson:3:2`, `quiz:answer:…`). The reply
// replaces the clicked message (reply.update), goes to the clicker alone (reply.ephemeral), or
// follows as a new message. Clicks in the App Home tab have no response_url: they answer in the DM.
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerWith, type SlackContext } from '../context.js';
import { channelTarget, responseTarget, type ReplyTarget } from '../deliver.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function register(app: App, ctx: SlackContext): void {
  app.action<BlockAction>({ type: 'block_actions' }, (args) => handleClick(ctx, args));
}

async function handleClick(ctx: SlackContext, { action, body, ack, respond, client }: ActionArgs): Promise<void> {
  await ack();
  if (action.type !== 'button') return;
  const actionId = action.value ?? action.action_id;
  const userId = body.user.id;
  const channelId = body.channel?.id ?? body.container?.channel_id ?? userId;
  const who = { userId, teamId: body.team?.id ?? body.user.team_id ?? '', channelId, userName: body.user.name };
  const target: ReplyTarget = body.response_url
    ? responseTarget(respond, client, { channelId, userId }, ctx.logger)
    : inDirectMessage(channelTarget(client, { channelId: userId, userId }, ctx.logger));
  await answerWith(ctx, who, target, (caller) => ctx.router.handleAction(actionId, caller));
}

/** The App DM is private already, and there is no message to replace. */
function inDirectMessage(target: ReplyTarget): ReplyTarget {
  return { send: (reply) => target.send({ ...reply, ephemeral: false, update: false }) };
}
