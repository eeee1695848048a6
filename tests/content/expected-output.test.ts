import { describe, expect, it } from 'vitest';
import { examplesWithOutput, outputMismatch } from './expected-output.js';

const fence = '```';

describe('outputMismatch', () => {
  it('accepts the same text and refuses a different line or line count', () => {
    expect(outputMismatch('a\nb\n', 'a\nb')).toBeUndefined();
    expect(outputMismatch('a\nc', 'a\nb')).toMatch(/line 2/);
    expect(outputMismatch('a', 'a\nb')).toMatch(/1 lines printed, 2 expected/);
  });

  it('lets … stand for any text, and only there', () => {
    expect(outputMismatch('id 3254220 (x)', 'id … (x)')).toBeUndefined();
    expect(outputMismatch('id 3254220 [x]', 'id … (x)')).toBeDefined();
  });

  it('accepts a ~size within 25% and refuses one further off', () => {
    expect(outputMismatch('list: 450', 'list: ~400')).toBeUndefined();
    expect(outputMismatch('list: 520', 'list: ~400')).toMatch(/line 1/);
    expect(outputMismatch('list: 2.5 MB', 'list: ~2 MB')).toBeUndefined();
  });
});

describe('examplesWithOutput', () => {
  it('pairs each python block with the output block right after it', () => {
    const md = `${fence}python\nprint(1)\n${fence}\n\n${fence}output\n1\n${fence}\n\n${fence}python\nx = 1\n${fence}\n\n${fence}text\nno\n${fence}`;
    expect(examplesWithOutput(md)).toEqual([
      { code: 'print(1)', output: '1' },
      { code: 'x = 1', output: undefined },
    ]);
  });
});
