// Lesson replies: the table of contents and one page of a lesson with previous/next buttons.
import { actionId, type Button, type Reply } from '../messages.js';
import type { Lesson, LessonLibrary } from './library.js';
import { pythonExamples } from './markdown.js';
import { pageFromSection, type LessonSection } from './sections.js';

export const LESSON_ACTION = 'lesson';
export const EXAMPLE_ACTION = 'example';

export function pageMarker(lesson: Lesson, page: number): string {
  return `Lesson ${lesson.number} · ${lesson.title} · page ${page}/${lesson.pages.length}`;
}

export function tableOfContents(library: LessonLibrary): Reply {
  const lines = library.lessons.map((l) => `**${l.number}. ${l.title}** — ${l.summary}`);
  return {
    title: 'Memory management in Python: lessons',
    body: `${lines.join('\n')}\n\nOpen one with \`/lesson 3\`, a section with \`/lesson 6.4\`, or search with \`/lesson weakref\`.`,
    buttons: library.lessons.map((l) => ({ label: `${l.number}. ${l.title}`, action: actionId(LESSON_ACTION, l.number, 1) })),
    tone: 'info',
  };
}

/** Page `page` (1-based, already in range) of a lesson. */
export function lessonPage(library: LessonLibrary, lesson: Lesson, page: number): Reply {
  return {
    title: `Lesson ${lesson.number}: ${lesson.title}`,
    body: lesson.pages[page - 1]!,
    footer: pageMarker(lesson, page),
    buttons: [...pagingButtons(library, lesson, page), ...exampleButtons(lesson, page)],
    tone: 'info',
  };
}

/**
 * The page holding `section`, shown from its heading on (chat cannot scroll), with a button for the
 * whole page and, from a search, the next best sections elsewhere.
 */
export function sectionPage(library: LessonLibrary, section: LessonSection, also: readonly LessonSection[] = []): Reply {
  const lesson = library.get(section.lesson)!;
  const whole = lessonPage(library, lesson, section.page);
  const body = pageFromSection(whole.body, section);
  const skipped = pythonExamples(whole.body).length - pythonExamples(body).length;
  const [previous, next, ...examples] = whole.buttons!;
  const top: Button[] = body === whole.body ? [] : [{ label: '▲ Whole page', action: actionId(LESSON_ACTION, lesson.number, section.page) }];
  const fields = also.length ? [{ name: 'Also in', value: also.map((s) => `${s.id} ${s.heading}`).join(' · ') }] : undefined;
  return { ...whole, body, fields, buttons: [previous!, ...top, next!, ...examples.slice(skipped)] };
}

function pagingButtons(library: LessonLibrary, lesson: Lesson, page: number): Button[] {
  const previous: Button = { label: '◀ Previous', action: actionId(LESSON_ACTION, lesson.number, page - 1), disabled: page <= 1 };
  if (page < lesson.pages.length) {
    return [previous, { label: 'Next ▶', action: actionId(LESSON_ACTION, lesson.number, page + 1), style: 'primary' }];
  }
  const nextLesson = library.get(lesson.number + 1);
  if (!nextLesson) return [previous, { label: 'Next ▶', action: actionId(LESSON_ACTION, lesson.number, page), disabled: true }];
  return [previous, { label: `Lesson ${nextLesson.number} ▶`, action: actionId(LESSON_ACTION, nextLesson.number, 1), style: 'primary' }];
}

/** One "Run example" button per Python block on the page: `example:<lesson>:<page>:<k>`. */
function exampleButtons(lesson: Lesson, page: number): Button[] {
  const examples = pythonExamples(lesson.pages[page - 1]!);
  return examples.map((_, i) => ({
    label: examples.length === 1 ? '▶ Run example' : `▶ Run example ${i + 1}`,
    action: actionId(EXAMPLE_ACTION, lesson.number, page, i + 1),
    style: 'success',
  }));
}

export function validNumbersText(library: LessonLibrary): string {
  return library.lessons.map((l) => `${l.number} ${l.title}`).join(' · ');
}
