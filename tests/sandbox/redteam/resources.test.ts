// Red team, resource exhaustion: CPU loops that ignore interrupts, memory growth and single huge
// allocations, output floods, deep recursion, huge integers, fork bombs. A dedicated sandbox with a
// short time limit; after every attack the pool must still answer normally.
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxForFile } from '../helpers.js';
import { expectHealthy, isAlive, py, redteamSandbox, run } from './helpers.js';

const TIMEOUT_MS = 2000;
/** Interrupt, terminate after a grace period, the host's hard kill (+2 s), and waiting for a warm child on a
 *  loaded machine: all well under this. Without the limit these snippets would run for hours. */
const STOPPED_WITHIN_MS = TIMEOUT_MS + 6000;
const OUTPUT_KB = 16;

const sandbox = sandboxForFile(() => redteamSandbox({ timeoutMs: TIMEOUT_MS, outputKb: OUTPUT_KB }));

afterEach(async () => {
  await expectHealthy(sandbox);
  expect(isAlive(process.pid)).toBe(true);
}, 60_000);

async function expectStoppedByTimeout(code: string): Promise<void> {
  const started = performance.now();
  const report = await run(sandbox, code);
  const elapsed = performance.now() - started;
  expect(report.status).toBe('timeout');
  expect(report.error?.type).toBe('Timeout');
  expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  expect(elapsed).toBeLessThan(STOPPED_WITHIN_MS);
}

describe('CPU', () => {
  it('sum(range(10**12)) ignores interrupts and is still stopped at the time limit', async () => {
    await expectStoppedByTimeout('total = sum(range(10**12))\n');
  });

  it('while True: pass is stopped at the time limit', async () => {
    await expectStoppedByTimeout('while True: pass\n');
  });

  it('a loop that swallows KeyboardInterrupt and a SIGINT handler are stopped anyway', async () => {
    await expectStoppedByTimeout(
      py('import signal', 'signal.signal(signal.SIGINT, lambda *a: None)', 'while True:', '    try:', '        while True: pass', '    except BaseException:', '        pass'),
    );
  });

  it('a __del__ that loops forever during the final collection is stopped', async () => {
    await expectStoppedByTimeout(py('class Sticky:', '    def __del__(self):', '        while True: pass', 's = Sticky()', 's.me = s', 'del s'));
  });
});

describe('memory', () => {
  it('steady growth ends as memory_limit, not a dead bot', async () => {
    const report = await run(sandbox, py('hoard = []', 'while True:', '    hoard.append(bytearray(10**6))'));
    expect(report.status).toBe('memory_limit');
    expect(report.error?.type).toBe('MemoryError');
  });

  it('a single huge allocation (bytearray(2**31)) fails cleanly', async () => {
    const report = await run(sandbox, 'blob = bytearray(2**31)\n');
    expect(['error', 'memory_limit']).toContain(report.status);
    expect(['OverflowError', 'MemoryError']).toContain(report.error?.type);
  });

  it('an allocation over the heap cap (1 GiB) is a MemoryError', async () => {
    const report = await run(sandbox, 'blob = bytearray(2**30)\n');
    expect(report.status).toBe('memory_limit');
    expect(report.error?.type).toBe('MemoryError');
  });

  it('memory outside the interpreter heap (JS copies made with pyodide.ffi.to_js) hits the resident-memory kill', async () => {
    const report = await run(sandbox, py('from pyodide.ffi import to_js', 'keep = []', 'chunk = bytes(50 * 2**20)', 'while True:', '    keep.append(to_js(chunk))'));
    if (report.status === 'error') expect(report.error?.type).toBe('ImportError'); // pyodide.ffi refused: fine too
    else expect(report.status).toBe('memory_limit');
  });

  it('a MemoryError caught and ignored in a loop still ends the run', async () => {
    const report = await run(
      sandbox,
      py('hoard = []', 'while True:', '    try:', '        hoard.append(bytearray(10**7))', '    except MemoryError:', '        hoard.append(bytearray(10**7))'),
    );
    expect(['memory_limit', 'timeout']).toContain(report.status);
  });
});

describe('measuring overhead does not count as the program\'s own use', () => {
  // F9 (fixed): tracemalloc's per-block bookkeeping and the traces read at the end push a 40 MB program past 256 MiB.
  it('a program holding 2 million ints (about 40 MB) is not reported as over the 256 MiB limit', async () => {
    const report = await run(sandbox, 'data = list(range(2 * 10**6))\n');
    expect(report.status, report.error?.message).toBe('ok');
  }, 60_000);
});

describe('output', () => {
  it('an endless output flood keeps only the cap and ends at the time limit', async () => {
    const report = await run(sandbox, 'while True: print("A" * 1000)\n');
    expect(report.status).toBe('timeout');
    expect(report.truncated).toBe(true);
    expect(Buffer.byteLength(report.stdout) + Buffer.byteLength(report.stderr)).toBeLessThanOrEqual(OUTPUT_KB * 1024);
    expect(report.stdout.startsWith('A'.repeat(1000))).toBe(true);
  });

  it('a flood on stderr and through sys.stdout.write without newlines is capped too', async () => {
    const report = await run(sandbox, py('import sys', 'for _ in range(1000):', '    sys.stderr.write("E" * 4096)', '    sys.stdout.write("O" * 4096)'));
    expect(report.status).toBe('output_limit');
    expect(Buffer.byteLength(report.stdout) + Buffer.byteLength(report.stderr)).toBeLessThanOrEqual(OUTPUT_KB * 1024);
  });

  it('raw writes to file descriptors 1 and 2 (os.write) are capped too', async () => {
    const report = await run(sandbox, py('import os', 'for _ in range(100):', '    os.write(1, b"1" * 100_000)', '    os.write(2, b"2" * 100_000)'));
    expect(report.status).toBe('output_limit');
    expect(Buffer.byteLength(report.stdout) + Buffer.byteLength(report.stderr)).toBeLessThanOrEqual(OUTPUT_KB * 1024);
  });

  it('one giant print is cut at the cap', async () => {
    const report = await run(sandbox, 'print("x" * 50_000_000)\n');
    expect(['output_limit', 'memory_limit']).toContain(report.status);
    expect(Buffer.byteLength(report.stdout)).toBeLessThanOrEqual(OUTPUT_KB * 1024);
  });
});

describe('recursion and huge numbers', () => {
  it('unbounded recursion is a RecursionError report', async () => {
    const report = await run(sandbox, py('def dive(n):', '    return dive(n + 1)', 'dive(0)'));
    expect(report.status).toBe('error');
    expect(report.error?.type).toBe('RecursionError');
  });

  it('recursion after sys.setrecursionlimit(10**6) ends as an error or a timeout, never a crash', async () => {
    const report = await run(sandbox, py('import sys', 'sys.setrecursionlimit(10**6)', 'def dive(n):', '    return dive(n + 1)', 'dive(0)'));
    expect(['error', 'timeout']).toContain(report.status);
    if (report.status === 'error') expect(report.error?.type).toBe('RecursionError');
  });

  it('10**(10**8) and its str() are stopped (time limit or the int string limit)', async () => {
    const report = await run(sandbox, 'print(str(10**(10**8)))\n');
    expect(['timeout', 'error']).toContain(report.status);
    expect(report.stdout.length).toBeLessThan(100);
  });

  it('str() of a big int past sys.set_int_max_str_digits is refused quickly', async () => {
    const report = await run(sandbox, py('n = 7 ** 100_000', 'print(len(str(n)))'));
    expect(report.status).toBe('error');
    expect(report.error?.type).toBe('ValueError');
  });
});

describe('process bombs', () => {
  it('a fork bomb cannot fork', async () => {
    const report = await run(sandbox, py('import os', 'while True:', '    os.fork()'));
    expect(report.status).toBe('error');
    expect(report.error?.type).toBe('OSError');
    expect(sandbox.status().children).toHaveLength(2);
  });

  it('a thread bomb cannot start threads', async () => {
    const report = await run(sandbox, py('import threading', 'while True:', '    threading.Thread(target=lambda: None).start()'));
    expect(report.status).toBe('error');
    expect(report.error?.type).toBe('RuntimeError');
  });
});
