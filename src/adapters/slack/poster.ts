// The Outbox's ChannelPoster for Slack: how the core posts on its own (weekly quiz rounds, results).
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../core/messages.js';
import type { ChannelPoster, PostedMessage } from '../../core/outbox.js';
import type { Logger } from '../../logger.js';
import { renderWithPicture } from './deliver.js';

export function slackPoster(client: webApi.WebClient, logger: Logger): ChannelPoster {
  return {
    async post(channelId: string, reply: Reply): Promise<PostedMessage> {
      const [first, ...rest] = await renderWithPicture(client, reply, logger);
      const posted = await client.chat.postMessage({ channel: channelId, ...first! });
      const ts = String(posted.ts);
      // A reply too long for one message continues in the thread of its first part.
      for (const message of rest) await client.chat.postMessage({ channel: channelId, thread_ts: ts, ...message });
      return { platform: 'slack', channelId, messageId: ts };
    },
    async update(message: PostedMessage, reply: Reply): Promise<void> {
      const [first] = await renderWithPicture(client, reply, logger, 1);
      await client.chat.update({ channel: message.channelId, ts: message.messageId, ...first! });
    },
  };
}
