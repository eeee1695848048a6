// The terminal chat end to end: a spawned process with piped stdin, as in the README.
import { describe, expect, it } from 'vitest';
import { isolatedEnv, runCli, runProcess } from '../../support/cli.js';

describe('terminal chat with piped stdin', () => {
  it('`npm start --silent` prints lesson 3 page 1 and exits 0 at end of input', async () => {
    const result = await runProcess('npm', ['start', '--silent'], { input: '/lesson 3\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Lesson 3 · Reference Counting · page 1\/\d/);
    expect(result.stdout).not.toMatch(/"level"/);
  });

  it('answers every line in order, follows numbered choices, and keeps logs off stdout', async () => {
    const result = await runCli(['chat'], { input: '/help\n/lesson 3\n1\n/lesson 9\n/nope\n' });
    expect(result.code).toBe(0);
    const help = result.stdout.indexOf('/lesson [number | words] [page]');
    const page1 = result.stdout.indexOf('Reference Counting · page 1/');
    const page2 = result.stdout.search(/Reference Counting · page 2\/|Lesson 4 · Garbage Collection · page 1\//);
    const lesson9 = result.stdout.indexOf('There is no lesson 9');
    const unknown = result.stdout.indexOf("I don't know `/nope`");
    expect([help, page1, page2, lesson9, unknown].every((i) => i >= 0)).toBe(true);
    expect(help < page1 && page1 < page2 && page2 < lesson9 && lesson9 < unknown).toBe(true);
  });

  it('lists /quit in /help', async () => {
    const result = await runCli(['chat'], { input: '/help\n' });
    expect(result.stdout).toContain('`/quit` — Leave the chat (or press Ctrl-C twice)');
  });

  it('keeps a lesson page\'s choices after its example runs, listed again under the report', async () => {
    const env = isolatedEnv({ SANDBOX_CACHE_DIR: '.cache/sandbox-test' });
    const result = await runCli(['chat'], { input: '/lesson 3\n2\n1\n', env });
    expect(result.code).toBe(0);
    const report = result.stdout.indexOf('Memory report: lesson 3, page 1, example 1');
    expect(report).toBeGreaterThan(0);
    expect(result.stdout.indexOf('running…')).toBeLessThan(report);
    const after = result.stdout.slice(report);
    expect(after).toMatch(/\[1\] Next ▶ {3}\[2\] ▶ Run example 1 {3}\[3\] ▶ Run example 2 {3}\[4\] ▶ Step through {3}\[5\] What does this mean\?/);
    expect(after).toMatch(/Reference Counting · page 2\//); // "1" still meant Next
  }, 60_000);

  it('stops at /quit without reading further', async () => {
    const result = await runCli(['chat'], { input: '/quit\n/lesson 3\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('Reference Counting');
  });

  it('explains a number typed when there is nothing to choose', async () => {
    const result = await runCli(['chat'], { input: '7\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no choices to pick');
  });

  it('stops with one clear line on a malformed configuration', async () => {
    const result = await runCli(['chat'], { input: '/help\n', env: { PATH: process.env.PATH, SANDBOX_POOL_SIZE: 'lots' } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('memtutor: Invalid configuration: SANDBOX_POOL_SIZE must be a number');
    expect(result.stdout).toBe('');
  });
});
