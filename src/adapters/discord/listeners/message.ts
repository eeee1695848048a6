// Plain messages: a DM to the bot or a message mentioning it is answered like a chat line (commands
// or pasted code); in the configured study channels every message with a ```python block is checked.
// DMs and mentions carry their content without the privileged Message Content intent.
import type { Message } from 'discord.js';
import { pythonCodeIn } from '../../../core/markdown/fences.js';
import { callerFromMessage } from '../caller.js';
import type { DiscordContext } from '../context.js';
import { renderReply } from '../render.js';

export async function onMessage(message: Message, ctx: DiscordContext): Promise<void> {
  const botId = ctx.client.user?.id;
  if (message.author.bot || !botId) return;
  const direct = !message.inGuild();
  // A direct mention only: not @everyone, a role, or a reply to one of the bot's messages.
  const mentioned = message.mentions.has(botId, { ignoreEveryone: true, ignoreRoles: true, ignoreRepliedUser: true });
  const autocheck = ctx.autocheckChannels.has(message.channelId) && pythonCodeIn(message.content) !== undefined && ctx.router.command('memcheck') !== undefined;
  if (!direct && !mentioned && !autocheck) return;
  const text = message.content.replaceAll(`<@${botId}>`, '').replaceAll(`<@!${botId}>`, '').trim();
  if (pythonCodeIn(text) !== undefined && message.channel.isSendable()) await message.channel.sendTyping();
  const reply = await ctx.router.handleText(text, callerFromMessage(message));
  await message.reply(renderReply(reply));
}
