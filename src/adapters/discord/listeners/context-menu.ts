// The "Check memory" message context menu: checks the first ```python block of the chosen message.
import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { errorReply } from '../../../core/messages.js';
import { callerFromInteraction } from '../caller.js';
import type { DiscordContext } from '../context.js';
import { codeFromMessage, runMemcheck } from '../memcheck.js';
import { defer, respond } from '../respond.js';

export async function onMessageMenu(interaction: MessageContextMenuCommandInteraction, ctx: DiscordContext): Promise<void> {
  const code = codeFromMessage(interaction.targetMessage.content);
  if (code === undefined) {
    return respond(interaction, errorReply('That message has no Python code block. Code to check goes between ```python and ``` lines.'));
  }
  await defer(interaction);
  await respond(interaction, await runMemcheck(ctx, code, callerFromInteraction(interaction)));
}
