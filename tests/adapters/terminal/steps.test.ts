// The step-through in the terminal chat: the step buttons are numbered choices like any other, and
// each step prints as text with the path of its picture. In process on the real core: the real
// sandbox records the trace, real SQLite keeps it, real pictures.
import { existsSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { runTerminalChat } from '../../../src/adapters/terminal/chat.js';
import { TerminalPoster } from '../../../src/adapters/terminal/poster.js';
import { testCore } from '../../support/core.js';
import { PARENT_CHILD_EXAMPLE } from '../../support/memcheck.js';

let app: App | undefined;
afterEach(async () => app?.close());

/** Each burst is typed on its own, apart from the others: a paste, then choices typed one by one. */
async function chat(bursts: string[]): Promise<string> {
  app = await testCore({ SANDBOX_POOL_SIZE: '1', SANDBOX_CACHE_DIR: '.cache/sandbox-test' });
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const done = runTerminalChat({ router: app.router, poster: new TerminalPoster(output), input, output, signal: new AbortController().signal });
  for (const burst of bursts) {
    input.write(`${burst}\n`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  input.end();
  await done;
  return text;
}

describe('step-through in the terminal chat', () => {
  it('follows the step buttons as numbered choices and prints each step with its picture\'s path', async () => {
    const out = await chat([PARENT_CHILD_EXAMPLE, '1', '1', '4', '3']);
    expect(out).toContain('[1] ▶ Step through   [2] What does this mean?');
    const steps = out.split('== Step-through ==').slice(1);
    const numbers = steps.map((s) => /step (\d+)\/(\d+) · line (\d+) · (.*)/.exec(s)!.slice(1));
    expect(numbers.map(([step]) => Number(step)).slice(0, 2)).toEqual([1, 2]);
    // "Next memory change" skipped the lines that changed nothing; ⏭ went to the last step.
    expect(Number(numbers[2]![0])).toBeGreaterThan(2);
    expect(numbers[2]![3]).not.toBe('no memory change');
    expect(numbers[3]!.slice(0, 3)).toEqual([numbers[3]![1], numbers[3]![1], '12']);
    // At step 1 ◀ Back leads nowhere, so it is not offered: "1" is ▶ Next.
    expect(steps[0]).toContain('[1] ▶ Next   [2] ⏭ Last step   [3] Next memory change');
    expect(steps[1]).toContain('[1] ◀ Back   [2] ▶ Next   [3] ⏭ Last step   [4] Next memory change');
    expect(steps[3]).toContain('    b = a\n');
    expect(steps[3]).toContain('[1] ◀ Back\n');
    const saved = /\(image saved as (.+step-\d+\.png)\)/.exec(steps[3]!)?.[1];
    expect(saved && existsSync(saved)).toBe(true);
    expect(readFileSync(saved!).subarray(1, 4).toString()).toBe('PNG');
  }, 120_000);
});
