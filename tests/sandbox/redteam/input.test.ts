// Red team, hostile input: NUL bytes, broken unicode, oversize pastes, deeply nested syntax and
// huge single lines. Each gets a clear report (rejected or a Python error), never a crash, and the
// pool keeps answering.
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxForFile } from '../helpers.js';
import { expectHealthy, py, redteamSandbox, run } from './helpers.js';

const MAX_INPUT = 20_000;
const sandbox = sandboxForFile(() => redteamSandbox({ maxInputChars: MAX_INPUT }));

afterEach(async () => {
  await expectHealthy(sandbox);
}, 60_000);

describe('size', () => {
  it(`${MAX_INPUT + 1} characters are rejected with a clear message, without running anything`, async () => {
    const code = `print("ran")\n# ${'x'.repeat(MAX_INPUT)}`.slice(0, MAX_INPUT + 1);
    expect(code).toHaveLength(MAX_INPUT + 1);
    const report = await run(sandbox, code);
    expect(report.status).toBe('rejected');
    expect(report.stdout).toBe('');
    expect(report.error?.message).toMatch(/20,001 characters; the limit is 20,000/);
  });

  it(`exactly ${MAX_INPUT} characters are accepted`, async () => {
    const code = `print("ran")\n# ${'x'.repeat(MAX_INPUT)}`.slice(0, MAX_INPUT);
    const report = await run(sandbox, code);
    expect(report.status).toBe('ok');
    expect(report.stdout).toBe('ran\n');
  });

  // F4 (fixed): the compiler overflowed the JS/wasm stack: status crashed instead of an error report.
  it('a huge single line (an expression of ~19,970 characters) is an error report or runs', async () => {
    const code = `total = ${'1+'.repeat(9980)}1\nprint(total)\n`;
    expect(code.length).toBeLessThanOrEqual(MAX_INPUT);
    const report = await run(sandbox, code);
    expect(['ok', 'error']).toContain(report.status);
    if (report.status === 'ok') expect(report.stdout).toBe('9981\n');
  });

  it('a multi-megabyte paste is rejected before it reaches a child', async () => {
    const report = await run(sandbox, 'x = 1\n'.repeat(1_000_000));
    expect(report.status).toBe('rejected');
    expect(report.error?.type).toBe('InputTooLarge');
  });
});

describe('nesting', () => {
  it('"(" * 10000 is a SyntaxError report (too many nested parentheses)', async () => {
    const report = await run(sandbox, '('.repeat(10_000));
    expect(report.status).toBe('error');
    expect(report.error?.type).toBe('SyntaxError');
  });

  it('balanced nesting 5000 deep is an error report, not a crash', async () => {
    const report = await run(sandbox, `x = ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(['error', 'ok']).toContain(report.status);
    expect(report.status).not.toBe('crashed');
  });

  it('19,990 unary minus signs (deep AST, no brackets) are an error report, not a crash', async () => {
    const report = await run(sandbox, `x = ${'-'.repeat(19_990)}1\n`);
    expect(['error', 'ok']).toContain(report.status);
    if (report.status === 'error') expect(['RecursionError', 'SyntaxError', 'MemoryError']).toContain(report.error?.type);
  });

  it('deeply nested blocks (100 levels of if) are handled', async () => {
    const code = Array.from({ length: 100 }, (_, depth) => `${' '.repeat(depth)}if True:`).join('\n') + `\n${' '.repeat(100)}print("deep")\n`;
    const report = await run(sandbox, code);
    expect(['ok', 'error']).toContain(report.status);
    if (report.status === 'error') expect(report.error?.type).toMatch(/SyntaxError|IndentationError|RecursionError/);
  });
});

describe('bytes and unicode', () => {
  it('a NUL byte in the source is a clear error', async () => {
    const report = await run(sandbox, 'x = 1\0\nprint(x)\n');
    expect(report.status).toBe('error');
    expect(report.error?.type).toMatch(/SyntaxError|ValueError/);
  });

  it('a lone surrogate in the source is an error or runs, and the report is valid JSON', async () => {
    const report = await run(sandbox, 'text = "\ud800"\nprint(len(text))\n');
    expect(['ok', 'error']).toContain(report.status);
    expect(() => JSON.parse(JSON.stringify(report))).not.toThrow();
  });

  it('printing a lone surrogate, invalid UTF-8 bytes and control characters gives valid text', async () => {
    const report = await run(
      sandbox,
      py('import sys', 'sys.stdout.buffer.write(b"\\xff\\xfe\\xc3(\\x00")', 'sys.stdout.flush()', 'print("\\x1b[2J\\u202e\\u0007")', 'print("\\udcff")'),
    );
    expect(['ok', 'error']).toContain(report.status);
    // Whatever reached the report is well-formed UTF-16 (no lone surrogates), so every adapter can send it.
    expect(report.stdout).toBe(Buffer.from(report.stdout, 'utf8').toString('utf8'));
    expect(report.stdout).toContain('\u202e');
  });

  it('CRLF line ends and tabs in the source still run', async () => {
    const report = await run(sandbox, 'x = [1, 2]\r\nif x:\r\n\tprint(len(x))\r\n');
    expect(report.status).toBe('ok');
    expect(report.stdout).toBe('2\n');
  });

  it('a leading BOM is an error report or runs, never a crash', async () => {
    const report = await run(sandbox, '\ufeffprint(1)\n');
    expect(['ok', 'error']).toContain(report.status);
  });

  it('a source that declares a bogus encoding is an error report', async () => {
    const report = await run(sandbox, '# -*- coding: rot-99 -*-\nprint(1)\n');
    expect(['error', 'ok']).toContain(report.status);
    expect(report.status).not.toBe('crashed');
  });
});
