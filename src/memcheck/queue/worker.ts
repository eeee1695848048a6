// `memtutor sandbox-worker`: a local sandbox pool serving checks taken from the queue. graphile-
// worker claims jobs (SKIP LOCKED) and runs as many at once as the pool has interpreters. Every
// second the process writes a heartbeat; a live worker that finds another's heartbeat stale frees
// the jobs that worker held (graphile-worker's forceUnlockWorkers), so they run elsewhere.
import { run, makeWorkerUtils, type Runner, type WorkerEvents, type WorkerPool, type WorkerUtils } from 'graphile-worker';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type pg from 'pg';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { Sandbox } from '../../../sandbox/index.js';
import { DONE_CHANNEL, graphileLogger, HEARTBEAT_MS, migrateQueue, openQueuePool, TASK, WORKER_STALE_MS } from './database.js';

export interface SandboxWorker {
  /** Stops taking jobs, finishes the ones running, then closes the sandbox and the connections. */
  stop(): Promise<void>;
  /** Settles when the worker has stopped, by stop() or by a fatal error. */
  finished: Promise<void>;
}

export interface SandboxWorkerOptions {
  url: string;
  sandbox: Sandbox;
  /** Jobs run at once: the sandbox pool's size. */
  slots: number;
  logger: Logger;
}

const jobPayload = z.object({ requestId: z.string().min(1).max(100) });
/** Catch-up poll for jobs freed from a dead worker (new jobs arrive by NOTIFY at once). */
const POLL_INTERVAL_MS = 500;

export async function startSandboxWorker({ url, sandbox, slots, logger }: SandboxWorkerOptions): Promise<SandboxWorker> {
  const log = logger.child({ component: 'sandbox-worker' });
  const pool = openQueuePool(url, slots + 4);
  const processId = randomUUID();
  /** Where the worker runs, for operators (and `memtutor doctor`). */
  const label = `${hostname()}:${process.pid}`;
  // Jobs are locked by the pool's id or a worker's, depending on how graphile-worker fetched them.
  const lockHolders: string[] = [];
  let workerPool: WorkerPool | undefined;
  const events: WorkerEvents = new EventEmitter();
  events.on('pool:create', ({ workerPool: created }) => {
    workerPool = created;
    lockHolders.push(created.id);
  });
  events.on('worker:create', ({ worker }) => lockHolders.push(worker.workerId));
  let utils: WorkerUtils | undefined;
  let runner: Runner | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    await migrateQueue(pool, log);
    await sandbox.start();
    utils = await makeWorkerUtils({ pgPool: pool, logger: graphileLogger(log) });
    runner = await run({
      pgPool: pool,
      concurrency: slots,
      noHandleSignals: true,
      events,
      pollInterval: POLL_INTERVAL_MS,
      logger: graphileLogger(log),
      taskList: { [TASK]: async (payload) => serve(pool, sandbox, jobPayload.parse(payload).requestId) },
    });
  } catch (error) {
    await utils?.release();
    await sandbox.close();
    await pool.end().catch(() => {});
    throw error;
  }
  const started = runner;
  const workerUtils = utils;

  const beat = async () => {
    await pool.query(
      `INSERT INTO memtutor_sandbox_workers (id, label, worker_ids, slots, seen_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (id) DO UPDATE SET worker_ids = EXCLUDED.worker_ids, slots = EXCLUDED.slots, seen_at = now()`,
      [processId, label, lockHolders, slots],
    );
    // Freed jobs are looked for at once rather than at the next poll.
    if (await releaseDeadWorkers(pool, workerUtils, log)) workerPool?.nudge(slots);
  };
  await beat();
  heartbeat = setInterval(() => void beat().catch((error: unknown) => log.warn({ err: error }, 'heartbeat failed')), HEARTBEAT_MS);
  log.info({ slots }, 'sandbox worker serving memory checks from the queue');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(heartbeat);
      heartbeat = undefined;
      // Out of the capacity count at once; the jobs still running finish before the row would matter.
      await pool.query('DELETE FROM memtutor_sandbox_workers WHERE id = $1', [processId]).catch(() => {});
      await started.stop();
      await workerUtils.release();
      await sandbox.close();
      await pool.end().catch(() => {});
      log.info('sandbox worker stopped');
    })());
  // A fatal runner error still closes the sandbox and the connections, so the process can exit.
  const finished = started.promise.then(stop, async (error: unknown) => {
    await stop();
    throw error;
  });
  return { stop, finished };
}

/** Runs one request unless another worker already answered it or its bot gave up on it. */
async function serve(pool: pg.Pool, sandbox: Sandbox, requestId: string): Promise<void> {
  const { rows } = await pool.query<{ user_id: string; code: string }>(
    `SELECT user_id, code FROM memtutor_memcheck_requests WHERE id = $1 AND state = 'queued'`,
    [requestId],
  );
  const request = rows[0];
  if (!request) return;
  const report = await sandbox.check(request.code, { userId: request.user_id });
  await pool.query(
    `WITH finished AS (
       UPDATE memtutor_memcheck_requests SET state = 'done', report = $2, code = '' WHERE id = $1 AND state = 'queued' RETURNING id)
     SELECT pg_notify($3, id) FROM finished`,
    [requestId, JSON.stringify(report), DONE_CHANNEL],
  );
}

/** Frees the jobs of worker processes whose heartbeat went stale; each dead row is handled once. */
async function releaseDeadWorkers(pool: pg.Pool, utils: WorkerUtils, log: Logger): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; worker_ids: string[] }>(
      `DELETE FROM memtutor_sandbox_workers WHERE id IN (
         SELECT id FROM memtutor_sandbox_workers WHERE seen_at < now() - make_interval(secs => $1 / 1000.0) FOR UPDATE SKIP LOCKED)
       RETURNING id, worker_ids`,
      [WORKER_STALE_MS],
    );
    const dead = rows.flatMap((row) => row.worker_ids);
    if (dead.length) {
      await utils.forceUnlockWorkers(dead);
      log.warn({ workers: rows.length }, 'released the jobs of sandbox workers that stopped answering');
    }
    await client.query('COMMIT');
    return dead.length > 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
