import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isolatedEnv, runCli } from '../support/cli.js';

describe('memtutor lesson', () => {
  it('prints a page to stdout and exits 0', async () => {
    const result = await runCli(['lesson', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Lesson 3 · Reference Counting · page 1\//);
  });

  it('takes words and --page', async () => {
    const result = await runCli(['lesson', 'garbage', 'collection', '--page', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Lesson 4 · Garbage Collection · page 1/');
  });

  it('prints the table of contents without arguments', async () => {
    const result = await runCli(['lesson']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('8. Best Practices');
  });

  it.each([
    [['lesson', '3', '--page', 'x'], /Usage: memtutor lesson/],
    [['lesson', '--bogus'], /unknown option/],
    [['lesson', '9'], /There is no lesson 9/],
    [['lesson', '3', '--page', '99'], /has \d+ pages?/],
  ])('exits 2 for %j with a clear message', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses an over-long topic with the usage line', async () => {
    const result = await runCli(['lesson', 'x'.repeat(101)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('topic must be at most 100 characters');
    expect(result.stderr).toContain('Usage: memtutor lesson');
  });

  it('touches no database: a lesson needs only the lesson files', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'memtutor-lesson-'));
    const result = await runCli(['lesson', '3'], { cwd, env: isolatedEnv({ DATABASE_PATH: './data/memtutor.db' }) });
    expect(result.code).toBe(0);
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
  });

  it('gives its hints as command lines for the shell, not chat commands', async () => {
    const page = await runCli(['lesson', '3', '--page', '2']);
    expect(page.stdout).toContain('◀ Previous: `memtutor lesson 3`');
    expect(page.stdout).toContain('Next ▶: `memtutor lesson 3 --page 3`');
    const contents = await runCli(['lesson']);
    expect(contents.stdout).toContain('a section with `memtutor lesson 6.4`');
    expect(page.stdout + contents.stdout).not.toContain('`/lesson');
  });

  it('prints help and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: memtutor');
    expect(result.stdout).toContain('lesson');
  });
});
