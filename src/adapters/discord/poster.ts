// Lets the core post on its own (weekly quiz rounds, results, leaderboards) into a Discord channel,
// and checks first that it may: a round the bot cannot post is one nobody sees.
import { PermissionFlagsBits, type Client, type PermissionResolvable } from 'discord.js';
import type { ChannelPoster, PostedMessage } from '../../core/outbox.js';
import type { Reply } from '../../core/messages.js';
import { renderReply } from './render.js';

/** What posting a round needs; in a thread, Send Messages in Threads instead of Send Messages. */
const ROUND_PERMISSIONS = { ViewChannel: 'View Channel', EmbedLinks: 'Embed Links', AttachFiles: 'Attach Files' } as const;

export function discordPoster(client: Client): ChannelPoster {
  const textChannel = async (channelId: string) => {
    const channel = await client.channels.fetch(channelId);
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
  };
}

async function channelProblem(client: Client, channelId: string): Promise<string | undefined> {
  const channel = await client.channels.fetch(channelId).catch(() => null);
  const me = client.user;
  if (!channel || !me) return `I can't see <#${channelId}>. Give memtutor the View Channel permission there (Edit Channel → Permissions), then run /weekly again.`;
  if (channel.isDMBased() || !channel.isSendable()) return `<#${channelId}> is not a text channel: pick a text channel or a thread for the weekly quiz.`;
  const needed: Record<string, string> = { ...ROUND_PERMISSIONS, ...(channel.isThread() ? { SendMessagesInThreads: 'Send Messages in Threads' } : { SendMessages: 'Send Messages' }) };
  const granted = channel.permissionsFor(me);
  const missing = Object.entries(needed)
    .filter(([flag]) => !granted?.has(PermissionFlagsBits[flag as keyof typeof PermissionFlagsBits] as PermissionResolvable))
    .map(([, name]) => name);
  if (!missing.length) return undefined;
  return `memtutor is missing ${missing.join(', ')} in <#${channelId}>. Give it ${missing.length === 1 ? 'that permission' : 'those permissions'} there (Edit Channel → Permissions), then run /weekly again.`;
}
