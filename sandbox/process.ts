// One sandbox child process, seen from the host: spawn it locked down, wait until it has a warm
// interpreter, hand it one snippet at a time, and enforce the backstops the child cannot be trusted
// with: a hard deadline and a resident-memory cap, both ending in SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { childMessageSchema, type RunResult } from './protocol.js';
import { childCommand, type ChildPaths } from './isolation.js';
import type { SandboxLogger } from './logger.js';

export interface ChildLimits {
  timeoutMs: number;
  /** Once the program has returned, measuring what it left may take this long on top. */
  measureMs: number;
  graceMs: number;
  memoryBytes: number;
  outputBytes: number;
  /** The host kills the whole child when its resident memory passes this. */
  rssLimitBytes: number;
  /** Age at which the child retires itself once idle (bounds slow leaks; a restart costs a fresh interpreter). */
  maxAgeMs: number;
  /** Reset one interpreter in place after each clean run; false makes a fresh one for every run. */
  reuse: boolean;
  /** Before each reused run, prove the interpreter is back at its reset point (hashes), else refuse. */
  verifyReset: boolean;
}

/** How a run ended, from the host's side. */
export type RunOutcome =
  | { kind: 'result'; result: RunResult; reused: boolean }
  | { kind: 'killed'; reason: 'timeout' | 'memory'; detail: string }
  /** `requeue`: the child died before it started the job, so the job can go to another child.
   *  `refused`: the child's result broke the protocol's limits; `detail` says how. */
  | { kind: 'crashed'; detail: string; requeue?: boolean; refused?: boolean }
  /** Cancelled while it waited for a child: it never ran. */
  | { kind: 'cancelled' };

export interface ChildEvents {
  ready(child: SandboxChild): void;
  exit(child: SandboxChild, detail: string): void;
}

const RSS_POLL_MS = 100;
const DEADLINE_SLACK_MS = 1500;
const PAGE_SIZE = 4096;

export class SandboxChild {
  state: 'starting' | 'ready' | 'busy' | 'dead' = 'starting';
  python = '';
  readonly pid: number | undefined;
  private readonly process: ChildProcess;
  private readonly workDir: string;
  private pending: { id: number; started: boolean; settle: (outcome: RunOutcome) => void } | undefined;
  private nextId = 1;
  private stderrTail = '';
  /** Messages the host refused; the first one costs only its run, the second the child. */
  private refusedMessages = 0;

  constructor(
    paths: ChildPaths,
    snapshotPath: string,
    private readonly limits: ChildLimits,
    private readonly events: ChildEvents,
    private readonly logger: SandboxLogger,
  ) {
    this.workDir = mkdtempSync(path.join(os.tmpdir(), 'memtutor-sandbox-'));
    const config = {
      mode: 'run', pyodideDir: paths.pyodideDir, pyodideUrl: paths.pyodideUrl, snapshotPath,
      memoryBytes: limits.memoryBytes, outputBytes: limits.outputBytes, timeoutMs: limits.timeoutMs,
      graceMs: limits.graceMs, measureMs: limits.measureMs, maxAgeMs: limits.maxAgeMs, reuse: limits.reuse, verifyReset: limits.verifyReset,
      workerHeapMb: 256, recycleRssBytes: limits.rssLimitBytes / 2,
    };
    const { command, args } = childCommand(paths, [snapshotPath], config);
    this.process = spawn(command, args, { cwd: this.workDir, env: {}, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    this.pid = this.process.pid;
    yieldCpu(this.pid, logger);
    this.process.stderr?.setEncoding('utf8');
    this.process.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.process.on('message', (raw) => this.onMessage(raw));
    this.process.on('exit', (code, signal) => this.onExit(`exit ${signal ?? code}`));
    this.process.on('error', (error) => this.onExit(`spawn failed: ${error.message}`));
  }

  /** True once the child has acknowledged the current job: from then on the snippet may be running. */
  get running(): boolean {
    return this.pending?.started ?? false;
  }

  /**
   * Runs one snippet. Resolves with whatever happened; never rejects. Aborting `signal` asks the
   * child to stop the run as its time limit would (the result then says `cancelled`).
   */
  run(code: string, signal?: AbortSignal): Promise<RunOutcome> {
    if (this.state !== 'ready') return Promise.resolve({ kind: 'crashed', detail: `child not ready (${this.state})` });
    this.state = 'busy';
    this.keepHostAlive(true);
    const id = this.nextId++;
    return new Promise<RunOutcome>((resolve) => {
      const deadline = setTimeout(() => this.kill({ kind: 'killed', reason: 'timeout', detail: 'hard deadline' }), this.limits.timeoutMs + this.limits.measureMs + this.limits.graceMs + DEADLINE_SLACK_MS);
      const rssWatch = setInterval(() => this.checkResidentMemory(), RSS_POLL_MS);
      const cancel = () => this.process.send({ type: 'cancel', id }, () => {});
      signal?.addEventListener('abort', cancel, { once: true });
      this.pending = {
        id,
        started: false,
        settle: (outcome) => {
          clearTimeout(deadline);
          clearInterval(rssWatch);
          signal?.removeEventListener('abort', cancel);
          this.pending = undefined;
          resolve(outcome);
        },
      };
      this.process.send({ type: 'run', id, code }, (error) => {
        if (error) this.pending?.settle({ kind: 'crashed', detail: `could not hand over the job: ${error.message}`, requeue: true });
      });
    });
  }

  /** Ends the child now; a run in progress resolves with `outcome`. */
  kill(outcome: RunOutcome = { kind: 'crashed', detail: 'killed' }): void {
    this.pending?.settle(outcome);
    if (this.state !== 'dead') this.process.kill('SIGKILL');
  }

  /**
   * An idle child with a warm interpreter must not keep the host process alive (a bot that fails
   * elsewhere should exit, not hang). While starting or running, it must: someone awaits it.
   */
  private keepHostAlive(alive: boolean): void {
    const handles = [this.process, this.process.channel, this.process.stderr] as Array<{ ref?: () => void; unref?: () => void } | null | undefined>;
    for (const handle of handles) (alive ? handle?.ref : handle?.unref)?.call(handle);
  }

  private checkResidentMemory(): void {
    const rss = residentBytes(this.pid);
    if (rss !== null && rss > this.limits.rssLimitBytes) {
      this.logger.warn({ pid: this.pid, rssMb: Math.round(rss / 2 ** 20) }, 'sandbox child passed its memory cap; killing it');
      this.kill({ kind: 'killed', reason: 'memory', detail: `resident memory ${Math.round(rss / 2 ** 20)} MiB` });
    }
  }

  private onMessage(raw: unknown): void {
    const parsed = childMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.refuseMessage(parsed.error);
      return;
    }
    const message = parsed.data;
    if (message.type === 'ready') {
      this.python = message.python;
      this.state = 'ready';
      this.keepHostAlive(false);
      this.events.ready(this);
    } else if (message.type === 'started' && this.pending?.id === message.id) {
      this.pending.started = true;
    } else if (message.type === 'result' && this.pending?.id === message.id) {
      this.pending.settle({ kind: 'result', result: message.result, reused: message.reused });
    } else if (message.type === 'fatal') {
      this.logger.error({ pid: this.pid, problem: message.message }, 'sandbox child failed');
    }
  }

  /**
   * A message outside the protocol's limits: the run it belongs to ends as `crashed` with the reason,
   * and the child stays, since its next run starts from a pristine interpreter. A second one kills it.
   */
  private refuseMessage(error: z.ZodError): void {
    this.refusedMessages += 1;
    const issue = error.issues[0];
    const reason = `the sandbox sent a report the bot cannot accept (${issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'malformed'})`.slice(0, 300);
    if (this.refusedMessages > 1) {
      this.logger.error({ pid: this.pid, reason }, 'sandbox child sent a second malformed message; killing it');
      this.kill({ kind: 'crashed', detail: reason });
      return;
    }
    this.logger.warn({ pid: this.pid, reason }, 'sandbox child sent a malformed message');
    this.pending?.settle({ kind: 'crashed', detail: reason, refused: true });
  }

  private onExit(detail: string): void {
    if (this.state === 'dead') return;
    this.state = 'dead';
    rmSync(this.workDir, { recursive: true, force: true });
    // The child's stderr (native stack traces, host paths) goes to the log only, never into a report.
    const tail = this.stderrTail.trim();
    this.pending?.settle({ kind: 'crashed', detail, requeue: !this.pending.started });
    this.events.exit(this, tail ? `${detail}; stderr: ${tail.slice(-300)}` : detail);
  }
}

/** Resident set size from /proc (Linux); null where that is not available. */
export function residentBytes(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? pages * PAGE_SIZE : null;
  } catch {
    return null;
  }
}

/** Niceness of sandbox children: untrusted runs yield the CPU so the bot's platform acks never starve. */
export const CHILD_NICENESS = 10;

/** Set at once, before the child starts its threads (Linux threads inherit it from their creator). */
function yieldCpu(pid: number | undefined, logger: SandboxLogger): void {
  if (pid === undefined) return;
  try {
    os.setPriority(pid, CHILD_NICENESS);
  } catch (error) {
    logger.warn({ err: error }, 'could not lower the sandbox child priority');
  }
}
