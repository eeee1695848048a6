import { z } from 'zod';
import { errorReply, type Reply } from '../messages.js';
import { lessonPage, tableOfContents, validNumbersText, LESSON_ACTION } from '../lessons/replies.js';
import type { LessonLibrary } from '../lessons/library.js';
import { defineAction, defineCommand } from './definition.js';
import { parseTextOptions } from './text-options.js';

const options = z.object({
  topic: z.string().trim().max(100, 'topic must be at most 100 characters').optional(),
  page: z.coerce.number().int('page must be a whole number').min(1, 'page must be 1 or more').optional(),
});

export const lessonCommand = defineCommand({
  name: 'lesson',
  description: 'Read a lesson of the guide: by number, by words, or the list of all lessons',
  usage: '/lesson [number | words] [page]',
  options,
  parseText(text) {
    const { positionals, named } = parseTextOptions(text, ['page', 'topic']);
    // "/lesson 3 2" and "/lesson gc 2": a trailing number after a topic is the page.
    const last = positionals.at(-1);
    const trailingPage = positionals.length > 1 && last && /^\d+$/.test(last) ? positionals.pop() : undefined;
    const topic = named.topic ?? (positionals.join(' ') || undefined);
    return { topic, page: named.page ?? trailingPage };
  },
  run({ topic, page }, { services }) {
    return showLesson(services.lessons, topic, page);
  },
});

/** `lesson:N:P` buttons: out-of-range pages are clamped, since content may change between restarts. */
export const lessonPageAction = defineAction({
  prefix: LESSON_ACTION,
  run([number, page], { services }) {
    const library = services.lessons;
    const lesson = library.get(Number(number));
    if (!lesson) return errorReply(`That lesson no longer exists. Lessons: ${validNumbersText(library)}.`);
    const clamped = Math.min(Math.max(Number(page) || 1, 1), lesson.pages.length);
    return { ...lessonPage(library, lesson, clamped), update: true };
  },
});

export function showLesson(library: LessonLibrary, topic: string | undefined, page: number | undefined): Reply {
  if (!topic) return tableOfContents(library);
  const lesson = /^\d+$/.test(topic) ? library.get(Number(topic)) : library.search(topic).match;
  if (!lesson) return notFound(library, topic);
  const wanted = page ?? 1;
  if (wanted > lesson.pages.length) {
    const pages = lesson.pages.length;
    return errorReply(`Lesson ${lesson.number} has ${pages} page${pages === 1 ? '' : 's'}; try a page from 1 to ${pages}.`);
  }
  return lessonPage(library, lesson, wanted);
}

function notFound(library: LessonLibrary, topic: string): Reply {
  if (/^\d+$/.test(topic)) {
    return errorReply(`There is no lesson ${topic}. Lessons are numbered ${library.numbers[0]}–${library.numbers.at(-1)}: ${validNumbersText(library)}.`);
  }
  const suggestions = library.search(topic).suggestions.map((l) => `\`/lesson ${l.number}\` ${l.title}`);
  const hint = suggestions.length ? ` Closest lessons:\n${suggestions.map((s) => `• ${s}`).join('\n')}` : '';
  return errorReply(`No lesson matches “${topic}”.${hint}`);
}
