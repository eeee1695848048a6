// The lesson content is part of the product: it must keep the course's table of contents,
// fit the chat page limit and keep the structure the course promises.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LESSONS_DIR,
  LESSON_PAGE_LIMIT,
  LessonLibrary,
  parseLessonFile,
} from '../../src/core/lessons/library.js';
import { extractCodeBlocks, isCodeBlock, splitBlocks } from '../../src/core/lessons/markdown.js';
import { LESSON_FILE_PATTERN } from '../../src/core/lessons/schema.js';

/** The course's table of contents: the eight lessons, in order, under these titles. */
const TABLE_OF_CONTENTS = [
  { number: 1, title: 'What is Memory Management?' },
  { number: 2, title: "Python's Memory Model" },
  { number: 3, title: 'Reference Counting' },
  { number: 4, title: 'Garbage Collection' },
  { number: 5, title: 'Memory Profiling' },
  { number: 6, title: 'Memory Optimization Techniques' },
  { number: 7, title: 'Common Memory Issues' },
  { number: 8, title: 'Best Practices' },
];
const MAX_PAGES = 4;
const EXAMPLES = [
  '01_memory_basics.py',
  '02_reference_counting.py',
  '03_garbage_collection.py',
  '04_memory_profiling.py',
  '05_memory_optimization.py',
  '06_practical_examples.py',
];
const FENCE_LINE = /^\s*```/gm;

let library: LessonLibrary;
beforeAll(async () => {
  library = await LessonLibrary.load();
});

describe('lesson files', () => {
  const markdownFiles = readdirSync(DEFAULT_LESSONS_DIR).filter((f) => f.endsWith('.md') && f !== 'README.md');

  it('are all named NN-slug.md, so none is silently skipped by the loader', () => {
    expect(markdownFiles.length).toBeGreaterThan(0);
    for (const file of markdownFiles) expect(file).toMatch(LESSON_FILE_PATTERN);
  });

  it.each(markdownFiles)('%s has valid front matter', async (file) => {
    const lesson = await parseLessonFile(path.join(DEFAULT_LESSONS_DIR, file));
    expect(lesson.keywords.length).toBeGreaterThanOrEqual(3);
    const prose = splitBlocks(lesson.body).filter((block) => !isCodeBlock(block));
    expect(prose.filter((block) => /^# /m.test(block)), 'no H1 headings in the body').toEqual([]);
  });
});

describe('numbering and titles', () => {
  it('are exactly the table of contents (1-8)', () => {
    expect(library.lessons.map((l) => ({ number: l.number, title: l.title }))).toEqual(TABLE_OF_CONTENTS);
  });
});

describe('pages', () => {
  it(`each lesson gives 1-${MAX_PAGES} pages within the chat limit, with no code block split across pages`, () => {
    for (const lesson of library.lessons) {
      expect(lesson.pages.length, `lesson ${lesson.number}`).toBeGreaterThanOrEqual(1);
      expect(lesson.pages.length, `lesson ${lesson.number}`).toBeLessThanOrEqual(MAX_PAGES);
      lesson.pages.forEach((page, i) => {
        const where = `lesson ${lesson.number} page ${i + 1}`;
        expect(page.length, where).toBeLessThanOrEqual(LESSON_PAGE_LIMIT);
        expect((page.match(FENCE_LINE) ?? []).length % 2, where).toBe(0);
      });
    }
  });
});

describe('code blocks', () => {
  it('every lesson has at least one python block', () => {
    for (const lesson of library.lessons) {
      const python = extractCodeBlocks(lesson.body).filter((b) => b.language === 'python');
      expect(python.length, `lesson ${lesson.number}`).toBeGreaterThan(0);
    }
  });

  it('no python block needs memory_profiler, which the sandbox does not have', () => {
    for (const lesson of library.lessons) {
      for (const block of extractCodeBlocks(lesson.body).filter((b) => b.language === 'python')) {
        expect(block.code, `lesson ${lesson.number}`).not.toMatch(/memory_profiler/);
      }
    }
  });
});

describe('content the course promises', () => {
  it('lesson 3 explains immortal objects', () => {
    const lesson3 = library.get(3)!;
    expect(lesson3.body).toMatch(/## Immortal Objects/);
    expect(lesson3.body).toMatch(/sys\._is_immortal/);
  });

  it('lesson 8 ends with Common Mistakes to Avoid, then Summary', () => {
    const body = library.get(8)!.body;
    const mistakes = body.indexOf('\n## Common Mistakes to Avoid\n');
    const summary = body.indexOf('\n## Summary\n');
    expect(mistakes).toBeGreaterThan(0);
    expect(summary).toBeGreaterThan(mistakes);
    expect(body.slice(summary + 1).match(/^## /gm), 'Summary is the last section').toHaveLength(1);
  });

  it('speaks to the learner: no lesson or example refers to a source the learner has never seen', () => {
    const examples = EXAMPLES.map((name) => readFileSync(path.join(DEFAULT_LESSONS_DIR, 'examples', name), 'utf8'));
    for (const text of [...library.lessons.map((l) => l.body), ...examples]) expect(text).not.toMatch(/\bthe (original )?guide\b|guide's/i);
  });

  it('teaches the current CPython facts about the collector: generational, with the 3.14.0-3.14.4 exception', () => {
    const lesson4 = library.get(4)!;
    expect(lesson4.sections[1]!.heading, 'the first section is about how the collector works').toMatch(/Finds Cycles/);
    expect(lesson4.body).toMatch(/\(2000, 10, 10\)/);
    expect(lesson4.body).toMatch(/3\.14\.0 to 3\.14\.4/);
    expect(lesson4.body).toMatch(/3\.14\.5 and later/);
  });
});

describe('example programs', () => {
  it.each(EXAMPLES)('%s exists and is a short program (40-90 lines)', (name) => {
    const file = path.join(DEFAULT_LESSONS_DIR, 'examples', name);
    expect(existsSync(file)).toBe(true);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeGreaterThanOrEqual(40);
    expect(lines).toBeLessThanOrEqual(90);
  });
});
