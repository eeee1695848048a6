// Content is code: every ```python block of every lesson and every example program in
// lessons/examples/ runs in the real sandbox (CPython 3.14 on WebAssembly) to the end. The lessons
// promise this (lessons/README.md): blocks that show an error catch it and print it, so each one
// finishes with status ok; a block that raises on purpose would be listed in EXPECTED_ERRORS. What a
// block prints must match the ```output block after it, and it must run well inside the time limit.
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LESSONS_DIR, LessonLibrary } from '../../src/core/lessons/library.js';
import type { MemoryReport } from '../../sandbox/index.js';
import { check, sandboxForFile, testSandbox } from '../sandbox/helpers.js';
import { examplesWithOutput, outputMismatch } from './expected-output.js';

const EXAMPLES_DIR = path.join(DEFAULT_LESSONS_DIR, 'examples');
/** Generous so a loaded CI machine reports a slow block as too slow (below) rather than as a timeout. */
const CHECK_TIMEOUT_MS = 15_000;
/**
 * Every block runs in under a second on an idle machine (the slowest, with tracemalloc, take ~0.6 s); twice
 * that fails. The limit is for an idle machine: on a busy one it grows with the load per core, so other
 * work on a shared CI runner does not fail content that is fine.
 */
const IDLE_MAX_RUN_MS = 2_000;
const MAX_RUN_MS = IDLE_MAX_RUN_MS * Math.max(1, os.loadavg()[0]! / os.cpus().length);
/** Programs that end in an error on purpose, by name → the error type the lesson says they show. None today. */
const EXPECTED_ERRORS: Record<string, string> = {};

interface Program {
  name: string;
  code: string;
  /** The lesson's ```output block; the example programs have none. */
  output?: string | undefined;
}

const library = await LessonLibrary.load();
const lessonBlocks: Program[] = library.lessons.flatMap((lesson) =>
  examplesWithOutput(lesson.body).map((example, index) => ({ name: `lesson ${lesson.number} block ${index + 1}`, ...example })),
);
const exampleFiles = (await readdir(EXAMPLES_DIR)).filter((file) => file.endsWith('.py')).sort();
const examples: Program[] = await Promise.all(
  exampleFiles.map(async (file) => ({ name: `examples/${file}`, code: await readFile(path.join(EXAMPLES_DIR, file), 'utf8') })),
);

const sandbox = sandboxForFile(() => testSandbox({ timeoutMs: CHECK_TIMEOUT_MS, queueLimit: lessonBlocks.length + examples.length }));

/** Short enough to read in a failure message: the status, the error and the tail of the output. */
function summary(report: MemoryReport): string {
  const error = report.error ? `${report.error.type}: ${report.error.message} (line ${report.error.line})` : 'no error';
  return `${report.status}, ${error}\n${report.stderr.slice(-500)}${report.stdout.slice(-300)}`;
}

function expectRunsAsPromised(program: Program, report: MemoryReport): void {
  const expectedError = EXPECTED_ERRORS[program.name];
  if (expectedError) {
    expect(report.status, summary(report)).toBe('error');
    expect(report.error?.type).toBe(expectedError);
    return;
  }
  expect(report.status, summary(report)).toBe('ok');
  expect(report.error).toBeNull();
}

describe('lesson content runs in the sandbox', () => {
  it('finds the blocks and examples (so the runs below mean something)', () => {
    expect(library.lessons).toHaveLength(8);
    expect(lessonBlocks.length).toBeGreaterThanOrEqual(30);
    expect(exampleFiles).toHaveLength(6);
  });

  it('every ```python block is followed by the ```output it prints', () => {
    expect(lessonBlocks.filter((b) => b.output === undefined).map((b) => b.name)).toEqual([]);
  });

  describe.concurrent('every ```python block', () => {
    it.each(lessonBlocks)('$name prints its output block in time', async (program) => {
      const report = await check(sandbox, program.code, program.name);
      expectRunsAsPromised(program, report);
      expect(outputMismatch(report.stdout, program.output ?? ''), program.name).toBeUndefined();
      expect(report.timing.runMs, 'milliseconds the block ran').toBeLessThan(MAX_RUN_MS);
    }, 60_000);
  });

  describe.concurrent('every example program', () => {
    it.each(examples)('$name', async (program) => {
      const report = await check(sandbox, program.code, program.name);
      expectRunsAsPromised(program, report);
      expect(report.stdout.length, 'the example prints what it demonstrates').toBeGreaterThan(0);
      expect(report.timing.runMs, 'milliseconds the program ran').toBeLessThan(MAX_RUN_MS);
    }, 60_000);
  });
});
