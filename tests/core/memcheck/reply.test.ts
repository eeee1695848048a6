// How a memory report reads in chat: status lines, the output cut, fences that cannot be broken.
import { describe, expect, it } from 'vitest';
import { memoryReportSchema, type MemoryReport } from '../../../sandbox/index.js';
import { memoryReportReply } from '../../../src/core/memcheck/reply.js';

function report(overrides: Partial<MemoryReport> = {}): MemoryReport {
  return memoryReportSchema.parse({
    status: 'ok', python: '3.14.2', platform: 'CPython 3.14 on 32-bit WebAssembly', stdout: '', stderr: '', truncated: false,
    error: null, variables: [], moreVariables: 0, gc: null, memory: null, cycles: [], hints: [], timing: { runMs: 1, totalMs: 20 },
    ...overrides,
  });
}

describe('memoryReportReply', () => {
  it.each([
    ['timeout', '⏱ Timed out'],
    ['memory_limit', '💥 Out of memory'],
    ['output_limit', '📜 Output too long'],
    ['rejected', '🚫 Not run'],
    ['crashed', '⚠️ The sandbox failed'],
    ['cancelled', '🛑 Cancelled'],
  ] as const)('states %s', (status, line) => {
    const reply = memoryReportReply(report({ status, error: { type: 'X', message: 'why', line: null, traceback: '' } }));
    expect(reply.body.split('\n')[0]).toContain(line);
    expect(reply.body).toContain('X: why');
  });

  it('shows a timed-out run\'s measurements under the sentence that says when they were taken, and where it stopped', () => {
    const message = 'The program was stopped after 5 s, the time limit. These are its names as they were at that moment (the line is where it was stopped).';
    const gc = { enabled: true, countBefore: [0, 0, 0], countAfter: [3, 0, 0], collections: [1, 0, 0], collectedAtEnd: 0, uncollectable: 0 };
    const seen = { name: 'seen', type: 'list', size: 88, deepSize: 400, refcount: 1, immortal: false, sameAs: [], repr: '[1, 2, 3]' };
    const reply = memoryReportReply(report({ status: 'timeout', error: { type: 'Timeout', message, line: 4, traceback: '' }, variables: [seen], gc, stdout: 'tick\n' }));
    const [status, ...rest] = reply.body.split('\n\n');
    expect(status).toBe(`**⏱ Timed out** · \`Timeout: ${message}\` (line 4)`);
    expect(rest.join('\n\n')).toMatch(/\*\*Variables\*\*[\s\S]*seen\s+list[\s\S]*\*\*Garbage collector\*\*[\s\S]*\*\*Output\*\*\n```\ntick\n```$/);
    expect(reply.tone).toBe('warning');
  });

  it('says a report without numbers after a kill has none, and why, with no empty sections', () => {
    const message = 'The program was stopped after 5 s, the time limit. It did not stop when interrupted (…), so the sandbox ended the interpreter: there are no measurements.';
    const reply = memoryReportReply(report({ status: 'timeout', error: { type: 'Timeout', message, line: null, traceback: '' } }));
    expect(reply.body).toBe(`**⏱ Timed out** · \`Timeout: ${message}\``);
  });

  it('shows an output-limited run with its measurements and says the rest of the output was dropped', () => {
    const message = 'The program printed more than 64 KiB: the output below is cut at 64 KiB, and the program ran on to its end, so the measurements are complete.';
    const after = { name: 'after', type: 'str', size: 40, deepSize: 40, refcount: 1, immortal: false, sameAs: [], repr: "'done'" };
    const reply = memoryReportReply(report({ status: 'output_limit', truncated: true, error: { type: 'OutputLimit', message, line: null, traceback: '' }, variables: [after], stdout: 'x\n'.repeat(50) }));
    expect(reply.body.split('\n')[0]).toBe(`**📜 Output too long** · \`OutputLimit: ${message}\``);
    expect(reply.body).toMatch(/after\s+str/);
    expect(reply.body).toMatch(/\(output cut: 51 lines, 100 characters in all; the full output is attached\)\n\(the program printed more than the sandbox keeps; the rest was dropped\)$/);
  });

  it('marks a deep size cut at the walk limit as a lower bound with the objects it counted', () => {
    const row = { type: 'dict', size: 100, refcount: 1, immortal: false, sameAs: [], repr: '{…}' };
    const reply = memoryReportReply(report({
      variables: [
        { ...row, name: 'cache', deepSize: 4_404_019, deepCounted: 200_000 },
        { ...row, name: 'small', deepSize: 500, deepCounted: null },
      ],
    }));
    expect(reply.body).toContain('≥ 4404019');
    expect(reply.body).toContain('`cache` ≥ 4.2 MiB (counted 200,000 objects)');
    expect(reply.body).not.toContain('`small` ≥');
  });

  it.each([
    [12, 0, 'freed 12 objects from imported modules, none of yours'],
    [2, 2, 'freed **2 objects** (cycles your program left behind)'],
    [13, 1, 'freed **1 object** of yours (cycles your program left behind) and 12 objects from imported modules'],
  ])('attributes a final collection of %i objects, %i of them the program\'s', (collectedAtEnd, collectedMine, text) => {
    const gc = { enabled: true, countBefore: [0, 0, 0], countAfter: [0, 0, 0], collections: [0, 0, 0], uncollectable: 0 };
    const reply = memoryReportReply(report({ gc: { ...gc, collectedAtEnd, collectedMine } }));
    expect(reply.body).toContain(text);
  });

  it('explains refs with what holds each object', () => {
    const row = { type: 'list', size: 28, deepSize: 40, immortal: false, sameAs: [], repr: '[0]' };
    const reply = memoryReportReply(report({
      variables: [
        { ...row, name: 'row', refcount: 9, heldBy: [
          { kind: 'name', where: 'row', count: 1 },
          ...[0, 1, 2, 3].map((i) => ({ kind: 'item' as const, where: `grid[${i}]`, count: 1 })),
          { kind: 'other', where: '', count: 1 },
        ], heldByMore: 3 },
        { ...row, name: 'acc', refcount: 2, heldBy: [{ kind: 'name', where: 'acc', count: 1 }, { kind: 'default', where: 'add', count: 1 }] },
        { ...row, name: 'big', refcount: 2, heldBy: [{ kind: 'name', where: 'big', count: 1 }, { kind: 'constant', where: '', count: 1 }] },
        { ...row, name: 'once', refcount: 1, heldBy: [{ kind: 'name', where: 'once', count: 1 }] },
      ],
    }));
    expect(reply.body).toContain('`row` (9): `row`, `grid[0]`, `grid[1]`, `grid[2]`, `grid[3]`, and 3 more, +1 held by objects not named here');
    expect(reply.body).toContain('`acc` (2): `acc`, +1 held as the default of `add`');
    expect(reply.body).toContain("`big` (2): `big`, +1 held by the code's constants");
    expect(reply.body).not.toContain('`once` (1)');
  });

  it('keeps short output whole', () => {
    const reply = memoryReportReply(report({ stdout: 'hello\n' }));
    expect(reply.body).toContain('**Output**\n```\nhello\n```');
    expect(reply.attachments).toBeUndefined();
  });

  it('cuts output at 10 lines and attaches the full text', () => {
    const stdout = Array.from({ length: 25 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const reply = memoryReportReply(report({ stdout }));
    expect(reply.body).toContain('line 9\n```');
    expect(reply.body).not.toContain('line 10');
    expect(reply.body).toContain('output cut: 26 lines');
    expect(reply.attachments).toEqual([{ kind: 'text', filename: 'output.txt', data: stdout, alt: "The program's complete output" }]);
  });

  it('cuts output at 1000 characters', () => {
    const stdout = 'x'.repeat(5000);
    const reply = memoryReportReply(report({ stdout }));
    const block = /\*\*Output\*\*\n```\n(x+)\n```/.exec(reply.body)?.[1];
    expect(block).toHaveLength(1000);
    expect(reply.attachments?.[0]?.data).toBe(stdout);
  });

  it('does not let program output close the code block', () => {
    const reply = memoryReportReply(report({ stdout: 'before\n```\n@everyone outside\n' }));
    const fences = reply.body.match(/^```/gm) ?? [];
    expect(fences).toHaveLength(2);
  });

  it('lists hints with their lesson', () => {
    const reply = memoryReportReply(report({ hints: [{ id: 'slice-copy', line: 3, message: '`a[:]` copies.' }] }));
    expect(reply.body).toContain('💡 line 3: `a[:]` copies. Read lesson 8 (`/lesson 8`).');
  });

  it('marks immortal objects in the table instead of a count', () => {
    const reply = memoryReportReply(report({
      variables: [{ name: 'x', type: 'int', size: 16, deepSize: 16, refcount: null, immortal: true, sameAs: [], repr: '42' }],
    }));
    expect(reply.body).toMatch(/x\s+int\s+16\s+16\s+immortal/);
  });
});
