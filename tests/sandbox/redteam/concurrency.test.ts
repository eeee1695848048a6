// Red team, concurrency: many users at once, one user spamming, a full queue, and children killed
// with SIGKILL mid-run or idle. Every caller gets a report, the pool recovers, the bot survives.
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/index.js';
import { sandboxForFile } from '../helpers.js';
import { expectHealthy, isAlive, py, redteamSandbox, run } from './helpers.js';

const sandbox = sandboxForFile(() => redteamSandbox({ timeoutMs: 2000 }));

/** Keeps a child busy for about `seconds` (a busy loop: the run must really occupy the child). */
function busyFor(seconds: number): string {
  return py('import time', `end = time.time() + ${seconds}`, 'while time.time() < end:', '    pass', 'print("done")');
}

/** Lets the check just started reach its child (admission and dispatch take a few ticks). */
/** Until a child has acknowledged its job (before that, a dead child's job would go to another child). */
async function dispatched(target: Sandbox = sandbox): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!target.status().children.some((child) => child.running) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function busyPid(): number {
  const busy = sandbox.status().children.find((child) => child.running);
  if (!busy?.pid) throw new Error(`no busy child: ${JSON.stringify(sandbox.status())}`);
  return busy.pid;
}

describe('many users', () => {
  it('12 users at once all get their own report', async () => {
    const users = Array.from({ length: 12 }, (_, i) => `crowd-${i}`);
    const reports = await Promise.all(users.map((user, i) => run(sandbox, py(`mine = [${i}] * ${i + 1}`, `print("user", ${i})`), user)));
    reports.forEach((report, i) => {
      expect(report.status).toBe('ok');
      expect(report.stdout).toBe(`user ${i}\n`);
      expect(report.variables.find((v) => v.name === 'mine')?.repr).toBe(`[${Array(i + 1).fill(i).join(', ')}]`);
    });
  });

  it('hostile users at the same time (timeout, memory, flood, crash) do not spoil the others\' reports', async () => {
    const hostile = [
      run(sandbox, 'while True: pass\n', 'attacker-cpu'),
      run(sandbox, py('hoard = []', 'while True: hoard.append(bytearray(10**6))'), 'attacker-mem'),
      run(sandbox, 'for _ in range(10**4): print("x" * 1000)\n', 'attacker-flood'),
      run(sandbox, 'import os\nos._exit(1)\n', 'attacker-exit'),
    ];
    const honest = Array.from({ length: 4 }, (_, i) => run(sandbox, py('numbers = [1, 2, 3]', `print("honest", ${i})`), `honest-${i}`));
    const [attacks, reports] = await Promise.all([Promise.all(hostile), Promise.all(honest)]);
    // Memory growth may hit the time limit first on a loaded machine; either way it is stopped.
    expect(attacks.map((r) => r.status)).toEqual(['timeout', expect.stringMatching(/^(memory_limit|timeout)$/), 'output_limit', 'error']);
    reports.forEach((report, i) => {
      expect(report.status).toBe('ok');
      expect(report.stdout).toBe(`honest ${i}\n`);
    });
  }, 60_000);
});

describe('one user spamming', () => {
  it('a second check while the first runs gets "you already have a check running"; the first still completes', async () => {
    const first = run(sandbox, busyFor(1), 'spammer');
    await dispatched();
    const spam = await Promise.all(Array.from({ length: 5 }, () => run(sandbox, 'print("spam")\n', 'spammer')));
    for (const report of spam) {
      expect(report.status).toBe('rejected');
      expect(report.error?.message).toMatch(/already have a check running/);
      expect(report.stdout).toBe('');
    }
    expect((await first).stdout).toBe('done\n');
    const later = await run(sandbox, 'print("my turn")\n', 'spammer');
    expect(later.stdout).toBe('my turn\n');
  });

  it('the user is free again after a check that timed out or crashed', async () => {
    expect((await run(sandbox, 'while True: pass\n', 'unlucky')).status).toBe('timeout');
    expect((await run(sandbox, 'print("again")\n', 'unlucky')).stdout).toBe('again\n');
  });
});

describe('a full queue', () => {
  it('checks beyond the queue limit are turned away as busy, the rest complete', async () => {
    const small = redteamSandbox({ poolSize: 1, queueLimit: 2 });
    try {
      await small.start();
      const running = small.check(busyFor(1), { userId: 'q-0' });
      await dispatched(small);
      const queued = [small.check('print(1)\n', { userId: 'q-1' }), small.check('print(2)\n', { userId: 'q-2' })];
      await dispatched(small);
      const turnedAway = await small.check('print(3)\n', { userId: 'q-3' });
      expect(turnedAway.status).toBe('rejected');
      expect(turnedAway.error?.message).toMatch(/busy/);
      const done = await Promise.all([running, ...queued]);
      expect(done.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    } finally {
      await small.close();
    }
  });
});

describe('killed children', () => {
  it('SIGKILL on a child mid-run: that check reports crashed promptly, the pool replaces the child, the next check works', async () => {
    const before = sandbox.status().children.map((c) => c.pid);
    const victimRun = run(sandbox, 'while True: pass\n', 'victim');
    await dispatched();
    const pid = busyPid();
    process.kill(pid, 'SIGKILL');
    const report = await victimRun;
    expect(report.status).toBe('crashed');
    await sandbox.start();
    const after = sandbox.status();
    expect(after.children).toHaveLength(2);
    expect(after.children.map((c) => c.pid)).not.toContain(pid);
    expect(after.children.every((c) => c.state === 'ready')).toBe(true);
    expect(before).toContain(pid);
    await expectHealthy(sandbox);
    expect(isAlive(process.pid)).toBe(true);
  });

  // F3 (fixed): the pool used to hand the next job to a child whose exit it has not noticed yet; that job reports crashed.
  it('SIGKILL on every idle child at once: the next checks wait for replacements and work', async () => {
    await sandbox.start();
    const pids = sandbox.status().children.map((c) => c.pid!);
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    const reports = await Promise.all([run(sandbox, 'print("a")\n'), run(sandbox, 'print("b")\n')]);
    expect(reports.map((r) => r.stdout)).toEqual(['a\n', 'b\n']);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('a snippet cannot signal the bot or a sibling child busy with another user\'s check', async () => {
    await sandbox.start();
    const sibling = run(sandbox, busyFor(1.5), 'sibling');
    await dispatched();
    const targets = [process.pid, busyPid()];
    const report = await run(
      sandbox,
      py('import os, signal', `for pid in ${JSON.stringify(targets)}:`, '    try:', '        os.kill(pid, signal.SIGKILL)', '    except BaseException as e:', '        print(type(e).__name__)'),
    );
    expect(['ok', 'error']).toContain(report.status);
    expect(isAlive(process.pid)).toBe(true);
    // The sibling finished its user's check normally: it was not killed.
    expect((await sibling).stdout).toBe('done\n');
    await expectHealthy(sandbox);
  });
});
