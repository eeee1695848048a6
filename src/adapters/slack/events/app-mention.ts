// `@memtutor …` in a channel: answered in the thread of the mention.
import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { withoutMention } from '../slack-text.js';
import { answerMessage } from './code-message.js';

export function register(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, client, context }) => {
    if (!event.user || event.bot_id) return;
    await answerMessage(deps, client, {
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
