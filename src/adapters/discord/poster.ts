// Lets the core post on its own (weekly quiz rounds, results, leaderboards) into a Discord channel,
// and checks first that it may: a round the bot cannot post is one nobody sees.
import type { Client } from 'discord.js';
import type { ChannelPoster, PostedMessage } from '../../core/outbox.js';
import type { Reply } from '../../core/messages.js';
import { grantAdvice, missingPermissions } from './permissions.js';
import { renderReply } from './render.js';

export function discordPoster(client: Client): ChannelPoster {
  const textChannel = async (channelId: string) => {
    // With shards, the process that closes a round may not hold the channel's guild (another shard
    // does): a channel of an unknown guild can still be posted in and edited through REST.
    const channel = await client.channels.fetch(channelId, { allowUnknownGuild: true });
    if (!channel?.isSendable()) throw new Error(`discord channel ${channelId} is not a text channel the bot can post in`);
    return channel;
  };
  return {
    async post(channelId: string, reply: Reply): Promise<PostedMessage> {
      const message = await (await textChannel(channelId)).send(renderReply(reply));
      return { platform: 'discord', channelId, messageId: message.id };
    },
    async update(posted: PostedMessage, reply: Reply): Promise<void> {
      const channel = await textChannel(posted.channelId);
      await channel.messages.edit(posted.messageId, renderReply(reply));
    },
    channelProblem: (channelId) => channelProblem(client, channelId),
    async tellUser(userId: string, reply: Reply): Promise<void> {
      await client.users.send(userId, renderReply(reply));
    },
  };
}

async function channelProblem(client: Client, channelId: string): Promise<string | undefined> {
  const channel = await client.channels.fetch(channelId).catch(() => null);
  if (!channel) return `I can't see <#${channelId}>. Give memtutor the View Channel permission there (Edit Channel → Permissions), then run /weekly again.`;
  if (channel.isDMBased() || !channel.isSendable()) return `<#${channelId}> is not a text channel: pick a text channel or a thread for the weekly quiz.`;
  const missing = missingPermissions(client, channel);
  return missing.length ? `${grantAdvice(channelId, missing)} Then run /weekly again.` : undefined;
}
