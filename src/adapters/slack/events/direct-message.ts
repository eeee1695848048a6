// A direct message to the bot (message.im).
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { answerMessage } from '../answer-message.js';

export async function directMessage(ctx: SlackContext, { message, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> {
  // Edits, joins and bot posts carry a subtype: only fresh messages from people are answered.
  if (message.channel_type !== 'im' || message.subtype !== undefined) return;
  await answerMessage(ctx, {
    text: message.text ?? '',
    userId: message.user,
    teamId: context.teamId ?? message.team ?? '',
    channelId: message.channel,
    ts: message.ts,
    threadTs: message.thread_ts,
    direct: true,
  });
}
