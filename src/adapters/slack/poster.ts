// The Outbox's ChannelPoster for Slack: how the core posts on its own (weekly quiz rounds, results),
// through the adapter's delivery like every other message.
import type { ChannelPoster } from '../../core/outbox.js';
import type { SlackDelivery } from './deliver.js';

export function slackPoster(delivery: SlackDelivery): ChannelPoster {
  return {
    async post(channelId, reply) {
      return { platform: 'slack', channelId, messageId: await delivery.post(channelId, reply) };
    },
    async update(message, reply) {
      await delivery.update(message.channelId, message.messageId, reply);
    },
    channelProblem: (channelId, adminUserId) => delivery.channelProblem(channelId, adminUserId),
    tellUser: (userId, reply) => delivery.tellUser(userId, reply),
  };
}
