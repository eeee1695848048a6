// Who is asking, in the core's neutral terms. Admin = the Manage Server permission (as /weekly's
// default member permission); scope = the guild, or `dm:<user>` in direct messages.
import { PermissionFlagsBits, type Interaction, type Message } from 'discord.js';
import type { Caller } from '../../core/messages.js';

export function callerFromInteraction(interaction: Interaction): Caller {
  const user = interaction.user;
  return {
    platform: 'discord',
    userId: user.id,
    displayName: interaction.inCachedGuild() ? interaction.member.displayName : (user.globalName ?? user.username),
    isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    scopeId: interaction.guildId ?? `dm:${user.id}`,
    channelId: interaction.channelId ?? `dm:${user.id}`,
  };
}

export function callerFromMessage(message: Message): Caller {
  const user = message.author;
  return {
    platform: 'discord',
    userId: user.id,
    displayName: message.member?.displayName ?? user.globalName ?? user.username,
    isAdmin: message.member?.permissions.has(PermissionFlagsBits.ManageGuild) ?? false,
    scopeId: message.guildId ?? `dm:${user.id}`,
    channelId: message.channelId,
  };
}
