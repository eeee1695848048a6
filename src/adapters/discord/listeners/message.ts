// Plain messages: a DM to the bot or a message mentioning it is answered like a chat line (commands
// or pasted code); in the configured study channels, and the threads inside them, every message with
// a ```python block is checked. Answers go where the message was, threads included. DMs and mentions
// carry their content without the privileged Message Content intent.
import { DiscordAPIError, RESTJSONErrorCodes, type Message } from 'discord.js';
import { pythonCodeIn } from '../../../core/markdown/fences.js';
import { errorReply } from '../../../core/messages.js';
import { callerFromMessage } from '../caller.js';
import type { DiscordContext } from '../context.js';
import { grantAdvice, missingPermissions } from '../permissions.js';
import { renderReply } from '../render.js';

export async function onMessage(message: Message, ctx: DiscordContext): Promise<void> {
  const botId = ctx.client.user?.id;
  if (message.author.bot || !botId) return;
  const direct = !message.inGuild();
  // A direct mention only: not @everyone, a role, or a reply to one of the bot's messages.
  const mentioned = message.mentions.has(botId, { ignoreEveryone: true, ignoreRoles: true, ignoreRepliedUser: true });
  const autocheck = isStudyChannel(message, ctx) && pythonCodeIn(message.content) !== undefined && ctx.router.command('memcheck') !== undefined;
  if (!direct && !mentioned && !autocheck) return;
  const text = message.content.replaceAll(`<@${botId}>`, '').replaceAll(`<@!${botId}>`, '').trim();
  if (pythonCodeIn(text) !== undefined && message.channel.isSendable()) await message.channel.sendTyping();
  const reply = await ctx.router.handleText(text, callerFromMessage(message));
  try {
    await message.reply(renderReply(reply));
  } catch (error) {
    if (!missingPermission(error) || !message.inGuild()) throw error;
    // Silence would look like a broken bot: tell the asker what an admin has to grant.
    await message.author.send(renderReply(errorReply(cannotAnswerThere(message, ctx), 'I could not answer there')));
  }
}

/** An auto-check channel, or a thread inside one. */
function isStudyChannel(message: Message, ctx: DiscordContext): boolean {
  const parentId = message.channel.isThread() ? message.channel.parentId : null;
  return ctx.autocheckChannels.has(message.channelId) || (parentId !== null && ctx.autocheckChannels.has(parentId));
}

function missingPermission(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.MissingPermissions || error.code === RESTJSONErrorCodes.MissingAccess);
}

function cannotAnswerThere(message: Message<true>, ctx: DiscordContext): string {
  const missing = missingPermissions(ctx.client, message.channel);
  const advice = missing.length ? grantAdvice(message.channelId, missing) : 'memtutor may not post there.';
  return `I can't answer in <#${message.channelId}>: ${advice} Or ask me here in a DM.`;
}
