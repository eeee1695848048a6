// One entry point per gateway event; each interaction kind has its own listener. A failing listener
// is logged and, where Discord still allows it, the user gets a friendly apology.
import { Events, type Interaction } from 'discord.js';
import type { LessonLibrary } from '../../../core/lessons/library.js';
import { errorReply } from '../../../core/messages.js';
import type { DiscordContext } from '../context.js';
import { respond, type RepliableInteraction } from '../respond.js';
import { onAutocomplete } from './autocomplete.js';
import { onButton } from './button.js';
import { onChatInput } from './chat-input.js';
import { onMessageMenu } from './context-menu.js';
import { onMessage } from './message.js';
import { onModalSubmit } from './modal.js';

export function registerListeners(ctx: DiscordContext, lessons: LessonLibrary): void {
  ctx.client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, ctx, lessons));
  ctx.client.on(Events.MessageCreate, (message) =>
    void onMessage(message, ctx).catch((error: unknown) => ctx.logger.error({ err: error, channel: message.channelId }, 'discord message handler failed')),
  );
}

async function handleInteraction(interaction: Interaction, ctx: DiscordContext, lessons: LessonLibrary): Promise<void> {
  try {
    if (interaction.isAutocomplete()) return await onAutocomplete(interaction, lessons);
    if (interaction.isChatInputCommand()) return await onChatInput(interaction, ctx);
    if (interaction.isMessageContextMenuCommand()) return await onMessageMenu(interaction, ctx);
    if (interaction.isButton()) return await onButton(interaction, ctx);
    if (interaction.isModalSubmit()) return await onModalSubmit(interaction, ctx);
  } catch (error) {
    ctx.logger.error({ err: error, interaction: interaction.id, type: interaction.type }, 'discord interaction failed');
    if (!isRepliable(interaction)) return;
    await respond(interaction, errorReply('Something went wrong on my side while answering that. Please try again in a moment.')).catch(
      (secondError: unknown) => ctx.logger.warn({ err: secondError }, 'discord: could not send the apology either'),
    );
  }
}

function isRepliable(interaction: Interaction): interaction is RepliableInteraction {
  return interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand() || interaction.isButton() || interaction.isModalSubmit();
}
