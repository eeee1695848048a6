// Which lesson of the guide explains each memory-check hint. The sandbox names a hint by id only;
// the bot decides what to read next, so lessons can be renumbered without touching the sandbox.
import type { Hint, MemoryReport } from './report.js';

const LESSON_BY_HINT: Readonly<Record<string, number>> = {
  'list-comprehension-once': 6,
  'slice-copy': 8,
  'open-without-with': 7,
  'growing-cache': 7,
  'cycle-without-weakref': 7,
  'many-instances-without-slots': 6,
  'too-big-to-measure': 5,
  'own-tracemalloc': 5,
  'data-in-functions': 3,
  // The sandbox-* hints (no stdin, empty file system, standard library only, no network, no threads)
  // explain the sandbox, not memory: no lesson covers them.
};

/** The lesson for a hint; undefined for an id this version of the bot does not know. */
export function lessonForHint(id: string): number | undefined {
  return Object.hasOwn(LESSON_BY_HINT, id) ? LESSON_BY_HINT[id] : undefined;
}

export type HintWithLesson = Hint & { lesson: number | null };

/** The report as `memcheck --json` prints it: each hint with the lesson to read (docs/ARCHITECTURE.md, "The memory report"). */
export function withLessons(report: MemoryReport): Omit<MemoryReport, 'hints'> & { hints: HintWithLesson[] } {
  return { ...report, hints: report.hints.map((hint) => ({ ...hint, lesson: lessonForHint(hint.id) ?? null })) };
}
