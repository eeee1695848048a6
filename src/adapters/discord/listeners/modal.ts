// The /memcheck modal's submission: deferred at once, answered with the report when the sandbox is done.
import type { ModalSubmitInteraction } from 'discord.js';
import { errorReply } from '../../../core/messages.js';
import { callerFromInteraction } from '../caller.js';
import type { DiscordContext } from '../context.js';
import { MEMCHECK_CODE_FIELD, MEMCHECK_MODAL_ID, runMemcheck } from '../memcheck.js';
import { defer, respond } from '../respond.js';

export async function onModalSubmit(interaction: ModalSubmitInteraction, ctx: DiscordContext): Promise<void> {
  if (interaction.customId !== MEMCHECK_MODAL_ID) return respond(interaction, errorReply('That form has expired. Run the command again.'));
  const code = interaction.fields.getTextInputValue(MEMCHECK_CODE_FIELD);
  await defer(interaction);
  await respond(interaction, await runMemcheck(ctx, code, callerFromInteraction(interaction)));
}
