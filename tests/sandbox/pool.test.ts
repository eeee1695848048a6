// The pool's scheduling, with fake children handed in through its spawn factory: no processes, so
// the tests can decide exactly when a child becomes ready, finishes, or dies.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../sandbox/logger.js';
import { SandboxPool, type PoolRun } from '../../sandbox/pool.js';
import type { ChildEvents, RunOutcome, SandboxChild } from '../../sandbox/process.js';

/** Stands in for a SandboxChild: the test settles its runs and decides when it is ready or exits. */
class FakeChild {
  state: SandboxChild['state'] = 'starting';
  python = '3.14.0';
  running = false;
  readonly runs: Array<{ code: string; signal: AbortSignal | undefined; settle(outcome: RunOutcome): void }> = [];
  killed = false;

  constructor(
    readonly pid: number,
    private readonly events: ChildEvents,
  ) {}

  becomeReady(): void {
    this.state = 'ready';
    this.events.ready(this as unknown as SandboxChild);
  }

  run(code: string, signal?: AbortSignal): Promise<RunOutcome> {
    this.state = 'busy';
    this.running = true;
    return new Promise((settle) => this.runs.push({ code, signal, settle }));
  }

  finish(outcome: RunOutcome = { kind: 'crashed', detail: 'unused' }): void {
    this.running = false;
    this.state = 'ready';
    this.runs.shift()!.settle(outcome);
  }

  die(detail = 'exit 1'): void {
    this.state = 'dead';
    this.events.exit(this as unknown as SandboxChild, detail);
  }

  kill(): void {
    this.killed = true;
  }
}

const RESULT = { kind: 'killed', reason: 'timeout', detail: 'the fake ran out of time' } as const satisfies RunOutcome;

function fakePool(size: number) {
  const spawned: FakeChild[] = [];
  const pool = new SandboxPool(size, (events) => {
    const child = new FakeChild(100 + spawned.length, events);
    spawned.push(child);
    return child as unknown as SandboxChild;
  }, silentLogger);
  pool.start();
  return { pool, spawned };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('SandboxPool with fake children', () => {
  it('takes a cancelled job out of the queue at once, and hands a running job\'s signal to its child', async () => {
    const { pool, spawned } = fakePool(1);
    spawned[0]!.becomeReady();
    const [first, second] = [new AbortController(), new AbortController()];
    const running = pool.run('a', first.signal);
    const queued = pool.run('b', second.signal);
    expect(pool.waiting).toBe(1);
    second.abort();
    expect(await queued).toEqual<PoolRun>({ outcome: { kind: 'cancelled' }, python: '3.14.0' });
    expect(pool.waiting).toBe(0);
    expect(spawned[0]!.runs[0]!.signal).toBe(first.signal);
    spawned[0]!.finish({ ...RESULT });
    await running;
    expect(spawned[0]!.runs).toHaveLength(0); // 'b' never reached the child
    const already = new AbortController();
    already.abort();
    expect((await pool.run('c', already.signal)).outcome).toEqual({ kind: 'cancelled' });
  });

  it('starts `size` children, runs one job per ready child and queues the rest', async () => {
    const { pool, spawned } = fakePool(2);
    expect(spawned).toHaveLength(2);
    const runs = ['a', 'b', 'c'].map((code) => pool.run(code));
    expect(pool.waiting).toBe(3);
    spawned.forEach((child) => child.becomeReady());
    expect(spawned.map((child) => child.runs.map((r) => r.code))).toEqual([['a'], ['b']]);
    expect(pool.waiting).toBe(1);
    spawned[0]!.finish({ ...RESULT });
    await settled();
    // The child was killed after a non-result outcome; its replacement takes the queued job once ready.
    expect(spawned[0]!.killed).toBe(true);
    spawned[0]!.die();
    expect(spawned).toHaveLength(3);
    spawned[2]!.becomeReady();
    expect(spawned[2]!.runs.map((r) => r.code)).toEqual(['c']);
    expect(await runs[0]).toEqual<PoolRun>({ outcome: RESULT, python: '3.14.0' });
  });

  it('hands a job whose child died before starting it to another child', async () => {
    const { pool, spawned } = fakePool(2);
    spawned.forEach((child) => child.becomeReady());
    const run = pool.run('x = 1');
    const first = spawned.find((child) => child.runs.length === 1)!;
    first.finish({ kind: 'crashed', detail: 'gone before the job started', requeue: true });
    await settled();
    const other = spawned.find((child) => child !== first)!;
    expect(other.runs.map((r) => r.code)).toEqual(['x = 1']);
    other.finish({ ...RESULT });
    expect((await run).outcome).toEqual(RESULT);
  });

  it('gives up after three children die before ever being ready: waiting jobs get a crashed outcome', async () => {
    const { pool, spawned } = fakePool(1);
    const run = pool.run('print(1)');
    spawned[0]!.die('no snapshot');
    spawned[1]!.die('no snapshot');
    spawned[2]!.die('no snapshot');
    expect(spawned).toHaveLength(3);
    expect(await run).toMatchObject({ outcome: { kind: 'crashed', detail: expect.stringContaining('cannot start (no snapshot)') } });
    await pool.whenWarm();
  });

  it('close() answers every waiting job as crashed and kills the children', async () => {
    const { pool, spawned } = fakePool(1);
    const waiting = [pool.run('a'), pool.run('b')];
    pool.close();
    for (const run of await Promise.all(waiting)) expect(run.outcome).toEqual({ kind: 'crashed', detail: 'the sandbox is shutting down' });
    expect(spawned.every((child) => child.killed)).toBe(true);
    expect(pool.describe()).toEqual([{ pid: 100, state: 'starting', running: false }]);
  });
});
