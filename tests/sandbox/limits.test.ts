// The sandbox's limits, each driven to its edge with a real child: wall time, output, memory,
// input size, one job per user, the bounded queue, and recovery after kills.
import { describe, expect, it } from 'vitest';
import { sandboxForFile } from './helpers.js';
import { check, py, testSandbox } from './helpers.js';

const sandbox = sandboxForFile(() => testSandbox());

describe('wall time', () => {
  it('stops `while True: pass` within 6 s, and the next check works', async () => {
    const started = Date.now();
    const report = await check(sandbox, 'while True: pass\n');
    expect(report.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(6000);
    expect(report.error?.type).toBe('Timeout');
    const next = await check(sandbox, 'x = 1\n');
    expect(next.status).toBe('ok');
  }, 20_000);
});

describe('output', () => {
  it('cuts a flood at the output cap, keeps what came before, and lets the program finish', async () => {
    const report = await check(sandbox, py('print("start")', 'for _ in range(10_000):', '    print("x" * 100)'));
    expect(report.status).toBe('output_limit');
    expect(report.truncated).toBe(true);
    expect(report.stdout.startsWith('start\nxxx')).toBe(true);
    expect(Buffer.byteLength(report.stdout) + Buffer.byteLength(report.stderr)).toBeLessThanOrEqual(64 * 1024);
  }, 20_000);

  it('keeps output printed just before a timeout', async () => {
    const report = await check(sandbox, py('print("before the loop")', 'while True: pass'));
    expect(report.status).toBe('timeout');
    expect(report.stdout).toBe('before the loop\n');
  }, 20_000);
});

describe('memory', () => {
  it('turns one huge allocation into a MemoryError report', async () => {
    const report = await check(sandbox, 'block = bytearray(300 * 2**20)\n');
    expect(report.status).toBe('memory_limit');
    expect(report.error?.type).toBe('MemoryError');
    expect(report.error?.line).toBe(1);
  }, 20_000);

  it('stops steady growth at the cap', async () => {
    const report = await check(sandbox, py('chunks = []', 'while True:', '    chunks.append(bytearray(2**20))'));
    expect(report.status).toBe('memory_limit');
  }, 30_000);

  it('still works after memory-heavy runs', async () => {
    expect((await check(sandbox, 'x = [1]\n')).status).toBe('ok');
  });
});

describe('admission', () => {
  it('rejects input over the size limit with a clear message', async () => {
    const report = await check(sandbox, `x = 1\n${'#'.repeat(20_001)}`);
    expect(report.status).toBe('rejected');
    expect(report.error?.message).toMatch(/20,00\d characters; the limit is 20,000/);
  });

  it('runs one check per user at a time', async () => {
    const first = sandbox.check('import time\ntime.sleep(0.5)\n', { userId: 'alice' });
    const second = await check(sandbox, 'x = 1\n', 'alice');
    const other = await check(sandbox, 'x = 1\n', 'bob');
    expect(second.status).toBe('rejected');
    expect(second.error?.message).toContain('already have a check running');
    expect(other.status).toBe('ok');
    expect((await first).status).toBe('ok');
    expect((await check(sandbox, 'x = 1\n', 'alice')).status).toBe('ok');
  });
});

describe('queue and recovery', () => {
  it('bounds the queue and answers everyone else', async () => {
    const small = testSandbox({ poolSize: 1, queueLimit: 1 });
    try {
      await small.start();
      const running = small.check('import time\ntime.sleep(1)\n', { userId: 'u1' });
      const queued = small.check('x = 1\n', { userId: 'u2' });
      const refused = await small.check('x = 1\n', { userId: 'u3' });
      expect(refused.status).toBe('rejected');
      expect(refused.error?.message).toContain('busy');
      expect((await running).status).toBe('ok');
      expect((await queued).status).toBe('ok');
    } finally {
      await small.close();
    }
  }, 30_000);

  it('replaces a child killed from outside and reports the lost run as crashed', async () => {
    const running = sandbox.check('while True: pass\n', { userId: 'victim' });
    await waitFor(() => sandbox.status().children.some((c) => c.running));
    const busy = sandbox.status().children.find((c) => c.running)!;
    process.kill(busy.pid!, 'SIGKILL');
    const report = await running;
    expect(report.status).toBe('crashed');
    await sandbox.start();
    expect(sandbox.status().children.map((c) => c.pid)).not.toContain(busy.pid);
    expect((await check(sandbox, 'x = 1\n')).status).toBe('ok');
  }, 30_000);

  it('terminates a loop that ignores the interrupt and keeps serving', async () => {
    const quick = testSandbox({ timeoutMs: 1000, poolSize: 1 });
    try {
      await quick.start();
      const started = Date.now();
      const report = await check(quick, py('while True:', '    try:', '        while True: pass', '    except KeyboardInterrupt:', '        pass'));
      expect(report.status).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(4000);
      expect((await check(quick, 'x = 1\n')).status).toBe('ok');
    } finally {
      await quick.close();
    }
  }, 30_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
