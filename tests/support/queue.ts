// Helpers for the remote-sandbox queue tests: a timed stand-in sandbox (for queue semantics, where
// what runs the code does not matter), the real `memtutor sandbox-worker` in a child process (for
// SIGKILL and SIGTERM), and polling until a condition holds.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { createLogger } from '../../src/logger.js';
import { createQueuedMemoryCheck, type QueuedMemoryCheck } from '../../src/memcheck/queue/client.js';
import { emptyReport } from '../../sandbox/report-builder.js';
import type { MemoryReport, Sandbox } from '../../sandbox/index.js';
import { BIN, isolatedEnv, REPO_ROOT } from './cli.js';

export const LIMITS = { timeoutMs: 2000, memoryMb: 256, outputKb: 64 };

export interface TimedSandbox extends Sandbox {
  /** Every code string this sandbox was asked to run, in order. */
  readonly ran: string[];
}

/** Answers each check after `delayMs` with an `ok` report whose stdout names `tag` and echoes the code. */
export function timedSandbox(delayMs: number, tag: string): TimedSandbox {
  const ran: string[] = [];
  const report = (type: string, stdout: string): MemoryReport => ({
    ...emptyReport(type === 'ok' ? 'ok' : 'rejected', null, { python: '3.14', pyodideVersion: 'test', ...LIMITS }),
    stdout,
  });
  return {
    ran,
    async check(code) {
      ran.push(code);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return report('ok', `${tag}:${code}`);
    },
    start: async () => {},
    close: async () => {},
    status: () => ({ started: true, children: [], waiting: 0, warm: 0, runs: { completed: ran.length, onReusedWorker: 0 } }),
    rejectedReport: (type, message) => report(type, message),
    isolation: { networkNamespace: false, networkNamespaceProblem: 'stand-in', permissionModel: true, codeGenerationFromStrings: false, emptyEnvironment: true, privateWorkingDirectory: true },
  } as TimedSandbox;
}

export function queueClient(url: string, overrides: { queueLimit?: number; waitMs?: number } = {}): QueuedMemoryCheck {
  return createQueuedMemoryCheck({ url, queueLimit: 50, waitMs: 60_000, limits: LIMITS, ...overrides }, createLogger('silent'));
}

/** The real `memtutor sandbox-worker` (a Pyodide pool of `poolSize`), its stderr kept for diagnosis. */
export function spawnWorkerProcess(url: string, env: NodeJS.ProcessEnv = {}): ChildProcess & { log(): string } {
  const child = spawn(process.execPath, [BIN, 'sandbox-worker'], {
    cwd: REPO_ROOT,
    env: isolatedEnv({ SANDBOX_QUEUE_URL: url, SANDBOX_POOL_SIZE: '1', SANDBOX_TIMEOUT_MS: String(LIMITS.timeoutMs), LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log = (log + chunk).slice(-8000)));
  process.once('exit', () => child.kill('SIGKILL'));
  return Object.assign(child, { log: () => log });
}

export async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One query on a short-lived connection. */
export async function queryOnce<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Worker processes whose heartbeat is in the queue's table. */
export async function liveWorkers(url: string): Promise<number> {
  const rows = await queryOnce<{ n: number }>(url, 'SELECT count(*)::int AS n FROM memtutor_sandbox_workers').catch(() => [{ n: 0 }]);
  return rows[0]!.n;
}
