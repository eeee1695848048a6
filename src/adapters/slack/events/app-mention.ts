// `@memtutor …` in a channel: answered in the thread of the mention.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { withoutMention } from '../slack-text.js';
import { answerMessage } from '../answer-message.js';

export function register(app: App, ctx: SlackContext): void {
  app.event('app_mention', async ({ event, client, context }) => {
    if (!event.user || event.bot_id) return;
    await answerMessage(ctx, client, {
      text: withoutMention(event.text, context.botUserId),
      userId: event.user,
      teamId: context.teamId ?? event.team ?? '',
      channelId: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts,
      direct: false,
    });
  });
}
