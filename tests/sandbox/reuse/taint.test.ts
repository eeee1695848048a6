// Reuse is only safe when every run that could leave state the reset does not cover ends its worker.
// One test per class: the run after it must start on a fresh worker. A clean run and a syntax error
// are the controls: the run after them starts on the same worker, reset in place. Verify mode is on
// (tests/sandbox/helpers.ts), so every reuse here is also proven by hashes before the next run.
import { describe, expect, it } from 'vitest';
import { check, py, sandboxForFile, testSandbox } from '../helpers.js';

const sandbox = sandboxForFile(() => testSandbox({ poolSize: 1, timeoutMs: 2000, memoryMb: 128 }));

const PROBE = py('probe = [1, 2, 3]', 'print("probe", len(probe))');

function reusedRuns(): number {
  return sandbox.status().runs.onReusedWorker;
}

/** Runs `code` on a worker that has served a clean run, then a probe; says whether the probe reused it. */
async function probeReusedAfter(code: string) {
  await check(sandbox, 'warm = 1\n');
  const beforeRun = reusedRuns();
  const report = await check(sandbox, code);
  const ranOnReusedWorker = reusedRuns() > beforeRun || report.status === 'timeout' || report.status === 'output_limit';
  const beforeProbe = reusedRuns();
  const probe = await check(sandbox, PROBE);
  expect(probe.status).toBe('ok');
  expect(probe.stdout).toBe('probe 3\n');
  return { report, ranOnReusedWorker, probeReused: reusedRuns() > beforeProbe };
}

describe('runs whose worker is reset in place (controls)', () => {
  it('a clean run', async () => {
    const { report, ranOnReusedWorker, probeReused } = await probeReusedAfter(py('data = list(range(1000))', 'print(sum(data))'));
    expect(report.status).toBe('ok');
    expect(ranOnReusedWorker).toBe(true);
    expect(probeReused).toBe(true);
  });

  it('a syntax error (nothing ran)', async () => {
    const { report, probeReused } = await probeReusedAfter('def broken(:\n');
    expect(report.error?.type).toBe('SyntaxError');
    expect(probeReused).toBe(true);
  });

  it('a program that raised, with a traceback printed', async () => {
    const { report, probeReused } = await probeReusedAfter(py('import traceback', 'try:', '    1 / 0', 'except ZeroDivisionError:', '    traceback.print_exc()', 'raise ValueError("shown")'));
    expect(report.error?.type).toBe('ValueError');
    expect(report.stderr).toContain('ZeroDivisionError');
    expect(probeReused).toBe(true);
  });
});

describe('runs that end their worker', () => {
  const cases: Array<[string, string, string]> = [
    ['a wasm→JS import outside the allowlist (a JS object)', py('from pyodide.ffi import to_js', 'to_js({"a": 1})'), 'ok'],
    ['a file write (argument check on open)', py('with open("/tmp/note.txt", "w") as f:', '    f.write("x")'), 'ok'],
    ['reading stdin (a device with a JS-side handler)', py('try:', '    input()', 'except (EOFError, OSError):', '    pass'), 'ok'],
    ['ending the interpreter (exit import)', py('import os', 'os._exit(3)'), 'error'],
    ['a finalizer that reaches JS during the final collection', py(
      'class Sneaky:',
      '    def __del__(self):',
      '        from pyodide.ffi import to_js',
      '        to_js([1])',
      'a = Sneaky()',
      'a.me = a',
      'del a',
    ), 'ok'],
    ['memory growth past the reset point', py('block = bytearray(48 * 2**20)', 'del block'), 'ok'],
    ['the memory cap', 'block = bytearray(200 * 2**20)\n', 'memory_limit'],
    ['a timeout', 'while True: pass\n', 'timeout'],
    ['an endless flood past the output limit', 'while True: print("x" * 1000)\n', 'timeout'],
  ];
  it.each(cases)('%s', async (_name, code, status) => {
    const { report, ranOnReusedWorker, probeReused } = await probeReusedAfter(code);
    expect(report.status, JSON.stringify(report.error)).toBe(status);
    expect(ranOnReusedWorker).toBe(true);
    expect(probeReused).toBe(false);
  }, 20_000);

  it('a JS stack overflow while compiling (a 20,000-character flat expression)', async () => {
    const { report, probeReused } = await probeReusedAfter(`x = ${Array(9_900).fill('a').join('+')}\n`);
    expect(report.error?.message).toContain('for the interpreter to compile');
    expect(probeReused).toBe(false);
  }, 20_000);
});
