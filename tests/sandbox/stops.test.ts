// A stopped check still reports what it can, and a cancel really stops the run: the output cap lets
// the program run on, a timeout inside Python is measured as it was at that moment, a program stuck
// in C code is killed without numbers, and aborting the check's signal frees the child at once.
import { describe, expect, it } from 'vitest';
import { check, py, sandboxForFile, testSandbox, variable } from './helpers.js';

const TIMEOUT_MS = 3000;
const OUTPUT_KB = 16;
/** Interrupt, grace, terminate and a fresh interpreter on a loaded machine: well under the time limit. */
const PROMPTLY_MS = 2500;

// One child: the next check after a cancel can only run once that very child is free again.
const sandbox = sandboxForFile(() => testSandbox({ poolSize: 1, timeoutMs: TIMEOUT_MS, outputKb: OUTPUT_KB }));

describe('output limit', () => {
  it('keeps the first outputKb, lets the program run to its end and measures it', async () => {
    const report = await check(sandbox, py('for i in range(20_000):', '    print("x" * 100)', 'after = ["assigned", "after", "the", "flood"]'));
    expect(report.status).toBe('output_limit');
    expect(report.truncated).toBe(true);
    expect(report.error?.message).toContain(`cut at ${OUTPUT_KB} KiB, and the program ran on to its end`);
    expect(Buffer.byteLength(report.stdout) + Buffer.byteLength(report.stderr)).toBeLessThanOrEqual(OUTPUT_KB * 1024);
    expect(report.stdout.startsWith('x'.repeat(100))).toBe(true);
    expect(variable(report, 'after').repr).toBe("['assigned', 'after', 'the', 'flood']");
    expect(report.gc).not.toBeNull();
  }, 30_000);

  it('an endless flood ends at the time limit, still measured, with the output cut', async () => {
    const report = await check(sandbox, py('printed = 0', 'while True:', '    print("y" * 1000)', '    printed += 1'));
    expect(report.status).toBe('timeout');
    expect(report.truncated).toBe(true);
    expect(variable(report, 'printed').type).toBe('int');
  }, 30_000);
});

describe('time limit', () => {
  it('measures the names of a program interrupted inside Python, as they were at that moment', async () => {
    const report = await check(sandbox, py('seen = []', 'n = 0', 'while True:', '    n += 1', '    if len(seen) < 1000:', '        seen.append(n)'));
    expect(report.status).toBe('timeout');
    expect(report.error).toMatchObject({ type: 'Timeout' });
    expect(report.error?.message).toContain('These are its names as they were at that moment');
    expect(report.error?.line).toBeGreaterThanOrEqual(3);
    expect(variable(report, 'seen').repr).toMatch(/^\[1, 2, 3, /);
    expect(variable(report, 'n').type).toBe('int');
    expect(report.memory?.peak).toBeGreaterThan(0);
    expect(report.gc).not.toBeNull();
  }, 30_000);

  it('kills a program stuck in C code that never checks for interrupts: no numbers, and says why', async () => {
    const started = Date.now();
    // (10**10**8 is interruptible: CPython's big-int multiplication checks for signals.)
    const report = await check(sandbox, py('before = "set"', 'total = sum(range(10**12))'));
    expect(report.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 4000);
    expect(report.variables).toEqual([]);
    expect(report.gc).toBeNull();
    expect(report.error?.message).toContain('did not stop when interrupted');
    expect(report.error?.message).toContain('there are no measurements');
    expect((await check(sandbox, 'x = 1\n')).status).toBe('ok');
  }, 30_000);

  it('still stops a program that catches KeyboardInterrupt in a loop (hard kill after the grace period)', async () => {
    const started = Date.now();
    const report = await check(sandbox, py('while True:', '    try:', '        while True: pass', '    except BaseException:', '        pass'));
    expect(report.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 4000);
    expect(report.error?.message).toContain('did not stop when interrupted');
    expect((await check(sandbox, 'x = 1\n')).status).toBe('ok');
  }, 30_000);
});

describe('cancel', () => {
  it('stops a running check quickly with a cancelled report; the next check on the same child runs at once, clean', async () => {
    const controller = new AbortController();
    const running = sandbox.check(py('leftover = [1, 2, 3]', 'while True: pass'), { userId: 'canceller', signal: controller.signal });
    await waitUntilRunning();
    const cancelledAt = Date.now();
    controller.abort();
    const report = await running;
    expect(report.status).toBe('cancelled');
    expect(report.error?.type).toBe('Cancelled');
    expect(Date.now() - cancelledAt).toBeLessThan(PROMPTLY_MS);
    const next = await check(sandbox, 'fresh = 1\n', 'canceller');
    expect(Date.now() - cancelledAt).toBeLessThan(PROMPTLY_MS);
    expect(next.status).toBe('ok');
    expect(next.variables.map((v) => v.name)).toEqual(['fresh']);
  }, 30_000);

  it('cancels even a program that catches KeyboardInterrupt, within the grace period', async () => {
    const controller = new AbortController();
    const running = sandbox.check(py('while True:', '    try:', '        while True: pass', '    except BaseException:', '        pass'), { userId: 'canceller', signal: controller.signal });
    await waitUntilRunning();
    const cancelledAt = Date.now();
    controller.abort();
    expect((await running).status).toBe('cancelled');
    expect((await check(sandbox, 'x = 1\n', 'canceller')).status).toBe('ok');
    expect(Date.now() - cancelledAt).toBeLessThan(PROMPTLY_MS + 1000);
  }, 30_000);

  it('takes a check that still waits for a child out of the queue', async () => {
    const busy = sandbox.check('while True: pass\n', { userId: 'first' });
    await waitUntilRunning();
    const controller = new AbortController();
    const waiting = sandbox.check('queued = 1\n', { userId: 'second', signal: controller.signal });
    controller.abort();
    const report = await waiting;
    expect(report.status).toBe('cancelled');
    expect(sandbox.status().waiting).toBe(0);
    expect((await busy).status).toBe('timeout');
  }, 30_000);
});

async function waitUntilRunning(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!sandbox.status().children.some((child) => child.running)) {
    if (Date.now() > deadline) throw new Error('the check never started');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // The child acknowledges before the program starts; give it a moment to be inside the loop.
  await new Promise((resolve) => setTimeout(resolve, 300));
}
