// The lesson content is part of the product: it must match the guide's table of contents,
// fit the chat page limit and keep the structure the course promises.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LESSONS_DIR,
  LESSON_PAGE_LIMIT,
  LessonLibrary,
  parseLessonFile,
} from '../../src/core/lessons/library.js';
import { extractCodeBlocks, isCodeBlock, splitBlocks } from '../../src/core/lessons/markdown.js';
import { LESSON_FILE_PATTERN } from '../../src/core/lessons/schema.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GUIDE_PATH = path.join('shared', 'guide', 'memory-management-in-python.md');
const EXAMPLES = [
  '01_memory_basics.py',
  '02_reference_counting.py',
  '03_garbage_collection.py',
  '04_memory_profiling.py',
  '05_memory_optimization.py',
  '06_practical_examples.py',
];
const FENCE_LINE = /^\s*```/gm;

/** The guide lives in ../shared next to the repo; git worktrees sit one level deeper, so look upwards. */
function findGuide(): string {
  const override = process.env.MEMTUTOR_GUIDE;
  if (override) return override;
  const tried: string[] = [];
  for (let dir = path.dirname(path.resolve(REPO_ROOT)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, GUIDE_PATH);
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
    if (path.dirname(dir) === dir) throw new Error(`guide not found; looked at ${tried.join(', ')}`);
  }
}

/** `1. [What is Memory Management?](#...)` lines of the guide's "Table of Contents" section. */
function guideTableOfContents(markdown: string): { number: number; title: string }[] {
  const section = markdown.split(/^## Table of Contents\s*$/m)[1]?.split(/^---\s*$/m)[0] ?? '';
  return [...section.matchAll(/^(\d+)\.\s+\[([^\]]+)\]\(#[^)]*\)/gm)].map((m) => ({
    number: Number(m[1]),
    title: m[2]!,
  }));
}

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
  it('are exactly the guide table of contents (1-8)', () => {
    const toc = guideTableOfContents(readFileSync(findGuide(), 'utf8'));
    expect(toc.map((e) => e.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(library.lessons.map((l) => ({ number: l.number, title: l.title }))).toEqual(toc);
  });
});

describe('pages', () => {
  it('each lesson gives 1-4 pages within the chat limit, with no code block split across pages', () => {
    for (const lesson of library.lessons) {
      expect(lesson.pages.length, `lesson ${lesson.number}`).toBeGreaterThanOrEqual(1);
      expect(lesson.pages.length, `lesson ${lesson.number}`).toBeLessThanOrEqual(4);
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

  it('the keywords cover the APIs learners search for, each leading to its lesson', () => {
    const expected: [string, number][] = [
      ['sys.getrefcount', 3],
      ['gc.collect', 4],
      ['tracemalloc', 5],
      ['__slots__', 6],
      ['weakref', 6],
      ['memory leak', 7],
      ['copy.deepcopy', 8],
    ];
    for (const [query, number] of expected) {
      expect(library.search(query).match?.number, query).toBe(number);
    }
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
