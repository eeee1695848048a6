// Sends a core Reply as the answer to an interaction, whatever state the interaction is in:
// a first reply, an in-place update of the message a button was on, or the edit of a deferral.
import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Reply } from '../../core/messages.js';
import { renderReply } from './render.js';

export type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction | MessageContextMenuCommandInteraction;

/** Discord drops an interaction not acknowledged within 3 s; past this we acknowledge and answer later. */
export const ACKNOWLEDGE_AFTER_MS = 2000;

/** Acknowledges at once, for work known to take long (sandbox runs). */
export async function defer(interaction: RepliableInteraction): Promise<void> {
  if (interaction.deferred || interaction.replied) return;
  if (interaction.isButton()) await interaction.deferUpdate();
  else await interaction.deferReply();
}

/** Answers with the reply when it comes in time, else acknowledges first and answers when it comes. */
export async function answerInTime(interaction: RepliableInteraction, pending: Promise<Reply>, acknowledgeAfterMs = ACKNOWLEDGE_AFTER_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), acknowledgeAfterMs)));
  const first = await Promise.race([pending, late]).finally(() => clearTimeout(timer));
  if (first === 'late') await defer(interaction);
  await respond(interaction, await pending);
}

export async function respond(interaction: RepliableInteraction, reply: Reply): Promise<void> {
  const message = renderReply(reply);
  const ephemeral = reply.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
  if (interaction.isButton() && interaction.deferred) {
    // A button is deferred as an update of its message: update it, or answer in a new message.
    if (reply.update) await interaction.editReply(message);
    else await interaction.followUp({ ...message, ...ephemeral });
    return;
  }
  if (interaction.deferred || interaction.replied) {
    // A deferral is public; a personal answer (an error, a limit) replaces it with an ephemeral one.
    if (reply.ephemeral && !interaction.ephemeral) {
      await interaction.deleteReply();
      await interaction.followUp({ ...message, ...ephemeral });
      return;
    }
    await interaction.editReply(message);
    return;
  }
  if (reply.update && interaction.isButton()) await interaction.update(message);
  else await interaction.reply({ ...message, ...ephemeral });
}
