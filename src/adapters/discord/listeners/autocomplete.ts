// /lesson topic autocomplete: lessons whose number, title or keywords match what is typed so far.
import type { AutocompleteInteraction } from 'discord.js';
import type { LessonLibrary } from '../../../core/lessons/library.js';
import { truncateLine } from '../render.js';

const MAX_CHOICES = 25;
const CHOICE_NAME_LIMIT = 100;

export async function onAutocomplete(interaction: AutocompleteInteraction, lessons: LessonLibrary): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (interaction.commandName !== 'lesson' || focused.name !== 'topic') return interaction.respond([]);
  const choices = lessons.suggest(String(focused.value), MAX_CHOICES).map((lesson) => ({
    name: truncateLine(`${lesson.number}. ${lesson.title}`, CHOICE_NAME_LIMIT),
    value: String(lesson.number),
  }));
  await interaction.respond(choices);
}
