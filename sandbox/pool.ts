// A fixed number of sandbox children, each holding a warm interpreter, and a queue in front of them.
// Concurrency is the pool size; a child that dies (or is killed) is replaced straight away.
import type { SandboxLogger } from './logger.js';
import type { ChildEvents, RunOutcome, SandboxChild } from './process.js';

export interface PoolRun {
  outcome: RunOutcome;
  python: string;
}

interface Job {
  code: string;
  signal: AbortSignal | undefined;
  /** Children that died before starting this job. */
  handovers: number;
  resolve(run: PoolRun): void;
}

const MAX_HANDOVERS = 3;

/** Children that die before ever becoming ready, in a row, before the pool stops respawning. */
const MAX_START_FAILURES = 3;

export class SandboxPool {
  private readonly children = new Set<SandboxChild>();
  private readonly idle: SandboxChild[] = [];
  private readonly queue: Job[] = [];
  private readonly everReady = new WeakSet<SandboxChild>();
  private startFailures = 0;
  private closed = false;
  private warmWaiters: Array<() => void> = [];
  python = '';
  /** Runs that returned a result, and how many of them ran on a worker reset in place. */
  readonly runs = { completed: 0, onReusedWorker: 0 };

  constructor(
    private readonly size: number,
    private readonly spawnChild: (events: ChildEvents) => SandboxChild,
    private readonly logger: SandboxLogger,
  ) {}

  start(): void {
    while (!this.closed && this.children.size < this.size && this.startFailures < MAX_START_FAILURES) {
      this.children.add(this.spawnChild({ ready: (child) => this.onReady(child), exit: (child, detail) => this.onExit(child, detail) }));
    }
  }

  /** Jobs waiting for a warm interpreter. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Children with a warm interpreter right now. */
  get warm(): number {
    return this.idle.length;
  }

  /** Process ids and states of the children (for status displays and tests). */
  describe(): Array<{ pid: number | undefined; state: SandboxChild['state']; running: boolean }> {
    return [...this.children].map((child) => ({ pid: child.pid, state: child.state, running: child.running }));
  }

  /** Resolves once every child holds a warm interpreter (or the pool cannot start any). */
  whenWarm(): Promise<void> {
    if (this.isWarm()) return Promise.resolve();
    return new Promise((resolve) => this.warmWaiters.push(resolve));
  }

  private isWarm(): boolean {
    return this.closed || this.startFailures >= MAX_START_FAILURES || (this.idle.length >= this.size && this.queue.length === 0);
  }

  private wakeWarmWaiters(): void {
    if (!this.isWarm()) return;
    for (const wake of this.warmWaiters.splice(0)) wake();
  }

  /** Runs `code` on the next free child; aborting `signal` takes it out of the queue, or stops its run. */
  run(code: string, signal?: AbortSignal): Promise<PoolRun> {
    if (this.startFailures >= MAX_START_FAILURES) {
      // Give a broken environment another chance per request rather than never again.
      this.startFailures = 0;
      this.start();
    }
    return new Promise<PoolRun>((resolve) => {
      const job: Job = { code, signal, handovers: 0, resolve };
      if (signal?.aborted) return resolve({ outcome: { kind: 'cancelled' }, python: this.python });
      signal?.addEventListener('abort', () => this.dropQueued(job), { once: true });
      this.queue.push(job);
      this.dispatch();
    });
  }

  private dropQueued(job: Job): void {
    const index = this.queue.indexOf(job);
    if (index < 0) return;
    this.queue.splice(index, 1);
    job.resolve({ outcome: { kind: 'cancelled' }, python: this.python });
    this.wakeWarmWaiters();
  }

  close(): void {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ outcome: { kind: 'crashed', detail: 'the sandbox is shutting down' }, python: this.python });
    for (const child of this.children) child.kill();
    this.wakeWarmWaiters();
  }

  private onReady(child: SandboxChild): void {
    this.everReady.add(child);
    this.startFailures = 0;
    this.python = child.python;
    this.idle.push(child);
    this.dispatch();
    this.wakeWarmWaiters();
  }

  private onExit(child: SandboxChild, detail: string): void {
    this.children.delete(child);
    const index = this.idle.indexOf(child);
    if (index >= 0) this.idle.splice(index, 1);
    if (this.closed) return;
    if (!this.everReady.has(child)) {
      this.startFailures += 1;
      this.logger.error({ detail, failures: this.startFailures }, 'sandbox child died before it was ready');
      if (this.startFailures >= MAX_START_FAILURES) {
        this.failQueued(`the sandbox cannot start (${detail})`);
        this.wakeWarmWaiters();
      }
    } else {
      this.logger.debug({ detail }, 'sandbox child exited; replacing it');
    }
    this.start();
  }

  private failQueued(detail: string): void {
    for (const job of this.queue.splice(0)) job.resolve({ outcome: { kind: 'crashed', detail }, python: this.python });
  }

  private count(reused: boolean): void {
    this.runs.completed += 1;
    if (reused) this.runs.onReusedWorker += 1;
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.idle.length > 0) {
      const child = this.idle.shift()!;
      if (child.state !== 'ready') continue;
      const job = this.queue.shift()!;
      void child.run(job.code, job.signal).then((outcome) => {
        if (outcome.kind !== 'result') child.kill();
        else this.count(outcome.reused);
        if (outcome.kind === 'crashed' && outcome.requeue && ++job.handovers < MAX_HANDOVERS && !this.closed && !job.signal?.aborted) {
          this.queue.unshift(job);
          this.dispatch();
          return;
        }
        job.resolve({ outcome, python: child.python || this.python });
      });
    }
  }
}
