// Button clicks → router.handleAction(custom_id). A click that takes longer than Discord's window
// allows is acknowledged with a deferred update first (see answerInTime).
import type { ButtonInteraction } from 'discord.js';
import { callerFromInteraction } from '../caller.js';
import type { DiscordContext } from '../context.js';
import { answerInTime } from '../respond.js';

export async function onButton(interaction: ButtonInteraction, ctx: DiscordContext): Promise<void> {
  await answerInTime(interaction, ctx.router.handleAction(interaction.customId, callerFromInteraction(interaction)));
}
