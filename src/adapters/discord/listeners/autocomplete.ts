// /lesson topic autocomplete: the lessons and sections ("6.4 Use Weak References") that match what is typed so far.
import type { AutocompleteInteraction } from 'discord.js';
import type { LessonLibrary } from '../../../core/lessons/library.js';
import { truncateLine } from '../render.js';

const MAX_CHOICES = 25;
const CHOICE_NAME_LIMIT = 100;

export async function onAutocomplete(interaction: AutocompleteInteraction, lessons: LessonLibrary): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (interaction.commandName !== 'lesson' || focused.name !== 'topic') return interaction.respond([]);
  const choices = lessons.suggest(String(focused.value), MAX_CHOICES).map((choice) => ({
    name: truncateLine(choice.name, CHOICE_NAME_LIMIT),
    value: choice.value,
  }));
  await interaction.respond(choices);
}
