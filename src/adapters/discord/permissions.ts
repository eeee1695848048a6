// What the bot needs to post its answers and rounds in a channel, by name, so an admin can be told
// exactly what to grant. Send Messages does not cover threads: they need Send Messages in Threads.
import { PermissionFlagsBits, type Client, type GuildBasedChannel } from 'discord.js';

const NEEDED = { ViewChannel: 'View Channel', EmbedLinks: 'Embed Links', AttachFiles: 'Attach Files' } as const;

/** The names of the permissions the bot lacks in `channel` (empty when it can post there). */
export function missingPermissions(client: Client, channel: GuildBasedChannel): string[] {
  const me = client.user;
  const needed: Record<string, string> = { ...NEEDED, ...(channel.isThread() ? { SendMessagesInThreads: 'Send Messages in Threads' } : { SendMessages: 'Send Messages' }) };
  const granted = me ? channel.permissionsFor(me) : null;
  return Object.entries(needed)
    .filter(([flag]) => !granted?.has(PermissionFlagsBits[flag as keyof typeof PermissionFlagsBits]))
    .map(([, name]) => name);
}

/** "Send Messages, Attach Files" → a sentence telling an admin where to grant them. */
export function grantAdvice(channelId: string, missing: readonly string[]): string {
  return `memtutor is missing ${missing.join(', ')} in <#${channelId}>. A server admin can grant ${missing.length === 1 ? 'it' : 'them'} there (Edit Channel → Permissions).`;
}
