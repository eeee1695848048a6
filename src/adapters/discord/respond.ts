// Sends a core Reply as the answer to an interaction, whatever state the interaction is in:
// a first reply, an in-place update of the message a button was on, or the edit of a deferral.
import {
  DiscordAPIError,
  MessageFlags,
  RESTJSONErrorCodes,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Reply } from '../../core/messages.js';
import { renderReply } from './render.js';

export type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction | MessageContextMenuCommandInteraction;

/**
 * Discord drops an interaction not acknowledged within 3 s of its creation (not of its arrival here);
 * past this much of the window we acknowledge and answer later.
 */
export const ACKNOWLEDGE_AFTER_MS = 2000;

/** Acknowledges at once, for work known to take long (sandbox runs). */
export async function defer(interaction: RepliableInteraction, personal = false): Promise<void> {
  if (interaction.deferred || interaction.replied) return;
  if (interaction.isButton()) await interaction.deferUpdate();
  // A personal answer is deferred privately: a public "thinking…" would show that someone asked.
  else await interaction.deferReply(personal ? { flags: MessageFlags.Ephemeral } : {});
}

/** Answers with the reply when it comes in time, else acknowledges first and answers when it comes. */
export async function answerInTime(interaction: RepliableInteraction, pending: Promise<Reply>, { personal = false, acknowledgeAfterMs = ACKNOWLEDGE_AFTER_MS } = {}): Promise<void> {
  // The window started when Discord created the interaction: a slow gateway already used some of it.
  const left = Math.min(acknowledgeAfterMs, Math.max(0, interaction.createdTimestamp + acknowledgeAfterMs - Date.now()));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), left)));
  const first = await Promise.race([pending, late]).finally(() => clearTimeout(timer));
  if (first === 'late') await defer(interaction, personal);
  await respond(interaction, await pending);
}

/**
 * Sends `reply` as the interaction's answer. Once the interaction's token has expired (15 minutes:
 * a long queue, a slow run) Discord refuses follow-ups: the answer then goes to the channel, or to
 * the user's DM when it is personal or the channel will not take it.
 */
export async function respond(interaction: RepliableInteraction, reply: Reply): Promise<void> {
  try {
    await answerInteraction(interaction, reply);
  } catch (error) {
    if (!tokenExpired(error)) throw error;
    await answerOutsideInteraction(interaction, reply);
  }
}

function tokenExpired(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.InvalidWebhookToken || error.code === RESTJSONErrorCodes.UnknownWebhook);
}

async function answerOutsideInteraction(interaction: RepliableInteraction, reply: Reply): Promise<void> {
  const channel = interaction.channel;
  // A body for each send: discord.js writes the files' entries into the body's attachments list.
  if (!reply.ephemeral && channel?.isSendable()) {
    try {
      // Addressed to the asker (only they are pinged), since it no longer hangs off their command.
      await channel.send({ ...renderReply(reply), content: `<@${interaction.user.id}>`, allowedMentions: { parse: [], users: [interaction.user.id] } });
      return;
    } catch {
      // No permission to post there: the DM below still reaches the user.
    }
  }
  await interaction.user.send(renderReply(reply));
}

async function answerInteraction(interaction: RepliableInteraction, reply: Reply): Promise<void> {
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
