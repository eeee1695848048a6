// A direct message to the bot (message.im).
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { answerMessage } from '../answer-message.js';

export function register(app: App, ctx: SlackContext): void {
  app.message(async ({ message, client, context }) => {
    // Edits, joins and bot posts carry a subtype: only fresh messages from people are answered.
    if (message.channel_type !== 'im' || message.subtype !== undefined) return;
    await answerMessage(ctx, client, {
      text: message.text ?? '',
      userId: message.user,
      teamId: context.teamId ?? message.team ?? '',
      channelId: message.channel,
      ts: message.ts,
      threadTs: message.thread_ts,
      direct: true,
    });
  });
}
