import { z } from 'zod';
import { errorReply, type Reply } from '../messages.js';
import { lessonPage, sectionPage, tableOfContents, validNumbersText, LESSON_ACTION } from '../lessons/replies.js';
import type { LessonLibrary } from '../lessons/library.js';
import { defineAction, defineCommand } from './definition.js';
import { parseTextOptions } from './text-options.js';

const options = z.object({
  topic: z.string().trim().max(100, 'topic must be at most 100 characters').optional(),
  page: z.coerce.number().int('page must be a whole number').min(1, 'page must be 1 or more').optional(),
});

export const lessonCommand = defineCommand({
  name: 'lesson',
  description: 'Read a lesson: by number, by section (6.4), by words, or the list of all lessons',
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
  if (/^\d+$/.test(topic)) return numberedLesson(library, Number(topic), page);
  if (/^\d+\.\d+$/.test(topic)) {
    const section = library.section(topic);
    return section ? sectionPage(library, section) : errorReply(`There is no section ${topic}. ${sectionsHint(library, topic)}`);
  }
  const { match, also } = library.search(topic);
  if (!match) return errorReply(`No lesson matches “${topic}”. Lessons: ${validNumbersText(library)}.`);
  return page === undefined ? sectionPage(library, match, also) : numberedLesson(library, match.lesson, page);
}

function numberedLesson(library: LessonLibrary, number: number, page = 1): Reply {
  const lesson = library.get(number);
  if (!lesson) {
    return errorReply(`There is no lesson ${number}. Lessons are numbered ${library.numbers[0]}–${library.numbers.at(-1)}: ${validNumbersText(library)}.`);
  }
  if (page > lesson.pages.length) {
    const pages = lesson.pages.length;
    return errorReply(`Lesson ${lesson.number} has ${pages} page${pages === 1 ? '' : 's'}; try a page from 1 to ${pages}.`);
  }
  return lessonPage(library, lesson, page);
}

/** The sections of the lesson the id names, or the lessons when that does not exist either. */
function sectionsHint(library: LessonLibrary, id: string): string {
  const lesson = library.get(Number(id.split('.')[0]));
  if (!lesson) return `Lessons: ${validNumbersText(library)}.`;
  return `Lesson ${lesson.number} has: ${lesson.sections.filter((s) => s.index > 0).map((s) => `${s.id} ${s.heading}`).join(' · ')}.`;
}
