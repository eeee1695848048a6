// The MemoryCheck a bot uses when sandbox workers run elsewhere: each check becomes a request row
// plus a graphile-worker job, added in one transaction that is also the admission shared by every
// bot process (one check per user, a bounded queue). A worker writes the report on the request and
// NOTIFYs; the bot takes it with DELETE … RETURNING, so a report is delivered once however many
// times it is announced or polled for.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../../config.js';
import type { MemoryCheck } from '../../core/memcheck/service.js';
import type { Logger } from '../../logger.js';
import { cancelledReport, memoryReportSchema, refusedReport, type MemoryReport } from '../../../sandbox/index.js';
import { ALREADY_RUNNING, busyReason } from '../admission.js';
import { DONE_CHANNEL, LIVE_WORKERS, migrateQueue, openQueuePool, TASK, WORKER_STALE_MS } from './database.js';

export interface QueuedMemoryCheck extends MemoryCheck {
  /** Connects and migrates ahead of the first check (never rejects; a failure is logged). */
  warmUp(): Promise<void>;
}

export interface QueueClientOptions {
  url: string;
  /** Checks that may wait beyond the slots the live workers offer; more are turned away. */
  queueLimit: number;
  /** How long to wait for a worker's report before giving up on the check. */
  waitMs: number;
  limits: { timeoutMs: number; memoryMb: number; outputKb: number };
}

/** Misses a lost NOTIFY (a reconnecting listener) by at most this long. */
const POLL_MS = 1000;
/** Serialises admissions of every bot process, so counting and inserting is one step. */
const ADMISSION_LOCK = 7_415_003;
/** A bot that died leaves its requests behind; they stop counting a little after its wait would have ended. */
const ABANDONED_AFTER_MS = 5000;

export function queuedOptions(config: Config, url: string): QueueClientOptions {
  return {
    url,
    queueLimit: config.SANDBOX_QUEUE_LIMIT,
    waitMs: config.SANDBOX_QUEUE_WAIT_MS,
    limits: { timeoutMs: config.SANDBOX_TIMEOUT_MS, memoryMb: config.SANDBOX_MEMORY_MB, outputKb: config.SANDBOX_OUTPUT_KB },
  };
}

type Admission = { admitted: true } | { admitted: false; type: string; reason: string };

export function createQueuedMemoryCheck(options: QueueClientOptions, logger: Logger): QueuedMemoryCheck {
  const log = logger.child({ component: 'memcheck-queue' });
  const pool = openQueuePool(options.url, 4);
  const waiting = new Map<string, (report: MemoryReport) => void>();
  let listener: pg.Client | undefined;
  let closed = false;
  const refuse = (type: string, message: string) => refusedReport(options.limits, type, message);

  const connect = async () => {
    await migrateQueue(pool, log);
    await listen();
  };
  let ready: Promise<void> | undefined;
  const whenReady = () =>
    (ready ??= connect().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: options.url });
    client.on('notification', ({ payload }) => {
      if (payload && waiting.has(payload)) void collect([payload]);
    });
    // A lost listener is replaced; polling covers the gap.
    client.on('error', (error) => {
      log.warn({ err: error }, 'lost the queue listener; reconnecting');
      listener = undefined;
      void client.end().catch(() => {});
      if (!closed) setTimeout(() => void listen().catch((e: unknown) => log.error({ err: e }, 'queue listener')), POLL_MS);
    });
    await client.connect();
    await client.query(`LISTEN ${DONE_CHANNEL}`);
    if (closed) await client.end();
    else listener = client;
  }

  /** Takes the finished reports among `ids`; each one is taken by exactly one DELETE. */
  async function collect(ids: string[]): Promise<void> {
    try {
      const { rows } = await pool.query<{ id: string; report: unknown }>(
        `DELETE FROM memtutor_memcheck_requests WHERE id = ANY($1) AND state = 'done' RETURNING id, report`,
        [ids],
      );
      for (const { id, report } of rows) deliver(id, parseReport(report));
    } catch (error) {
      log.warn({ err: error }, 'could not collect finished checks; will retry');
    }
  }

  function parseReport(report: unknown): MemoryReport {
    const parsed = memoryReportSchema.safeParse(report);
    if (parsed.success) return parsed.data;
    log.error({ issues: parsed.error.issues.slice(0, 3) }, 'a sandbox worker sent a malformed report');
    return { ...refuse('SandboxCrash', 'The sandbox worker sent a report this bot cannot read.'), status: 'crashed' };
  }

  function deliver(id: string, report: MemoryReport): void {
    const resolve = waiting.get(id);
    waiting.delete(id);
    resolve?.(report);
  }

  const poller = setInterval(() => {
    if (waiting.size) void collect([...waiting.keys()]);
  }, POLL_MS);
  poller.unref();

  async function admit(id: string, code: string, userId: string): Promise<Admission> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [ADMISSION_LOCK]);
      await client.query('DELETE FROM memtutor_memcheck_requests WHERE expires_at < now()');
      const { rows } = await client.query<{ pending: number; slots: number }>(
        `SELECT (SELECT count(*)::int FROM memtutor_memcheck_requests WHERE state = 'queued') AS pending,
                (SELECT coalesce(sum(slots), 0)::int ${LIVE_WORKERS}) AS slots`,
        [WORKER_STALE_MS],
      );
      const { pending, slots } = rows[0]!;
      const verdict = admission(pending, slots);
      if (!verdict.admitted) {
        await client.query('ROLLBACK');
        return verdict;
      }
      const inserted = await client.query(
        `INSERT INTO memtutor_memcheck_requests (id, user_id, code, state, expires_at)
         VALUES ($1, $2, $3, 'queued', now() + make_interval(secs => $4 / 1000.0)) ON CONFLICT (user_id) DO NOTHING`,
        [id, userId, code, options.waitMs + ABANDONED_AFTER_MS],
      );
      if (inserted.rowCount === 0) {
        await client.query('ROLLBACK');
        return { admitted: false, type: 'Busy', reason: ALREADY_RUNNING };
      }
      await client.query(`SELECT graphile_worker.add_job($1, json_build_object('requestId', $2::text), max_attempts => 5)`, [TASK, id]);
      await client.query('COMMIT');
      return { admitted: true };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  function admission(pending: number, slots: number): Admission {
    if (slots === 0) return { admitted: false, type: 'Busy', reason: 'No sandbox worker is running right now. Try again in a moment.' };
    const queued = Math.max(0, pending - slots);
    if (queued >= options.queueLimit) return { admitted: false, type: 'Busy', reason: busyReason(queued) };
    return { admitted: true };
  }

  /** Gives up on a check nobody ran in time; if a worker finished it meanwhile, the report wins. */
  async function giveUp(id: string): Promise<void> {
    const { rowCount } = await pool.query(`DELETE FROM memtutor_memcheck_requests WHERE id = $1 AND state = 'queued'`, [id]);
    if (rowCount) deliver(id, refuse('Busy', 'No sandbox worker answered in time. Try again in a moment.'));
    else await collect([id]);
    // Neither queued nor done: the row expired under us; the user still gets an answer.
    deliver(id, refuse('Busy', 'The sandbox lost this check. Try again in a moment.'));
  }

  /**
   * Cancelling is best-effort here: the request row goes, so the user's next check is admitted at
   * once, and a worker that has not taken it never runs it; one that has runs it on to its time
   * limit (its report then finds no row). The caller gets a `cancelled` report once the row is gone
   * (one round trip), so a check sent right after it is not turned away as a second one.
   */
  async function cancel(id: string): Promise<void> {
    if (!waiting.has(id)) return;
    await pool.query('DELETE FROM memtutor_memcheck_requests WHERE id = $1', [id]).catch((error: unknown) => log.warn({ err: error }, 'could not drop a cancelled check'));
    deliver(id, cancelledReport(options.limits));
  }

  return {
    async check(code, { userId, signal }) {
      if (closed) return refuse('SandboxClosed', 'The sandbox is shut down.');
      if (signal?.aborted) return cancelledReport(options.limits);
      const id = randomUUID();
      try {
        await whenReady();
        const report = new Promise<MemoryReport>((resolve) => waiting.set(id, resolve));
        const verdict = await admit(id, code, userId);
        if (!verdict.admitted) {
          waiting.delete(id);
          return refuse(verdict.type, verdict.reason);
        }
        const timer = setTimeout(() => void giveUp(id).catch((e: unknown) => log.error({ err: e }, 'giving up on a check')), options.waitMs);
        const onAbort = () => void cancel(id);
        signal?.addEventListener('abort', onAbort, { once: true });
        if (signal?.aborted) onAbort();
        return await report.finally(() => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        });
      } catch (error) {
        waiting.delete(id);
        log.error({ err: error }, 'the sandbox queue cannot be reached');
        return refuse('QueueUnavailable', 'The sandbox queue cannot be reached right now. Try again in a moment.');
      }
    },
    status: () => ({ started: listener !== undefined, children: [], waiting: waiting.size, warm: 0 }),
    async close() {
      closed = true;
      clearInterval(poller);
      const abandoned = [...waiting.keys()];
      for (const id of abandoned) deliver(id, refuse('SandboxClosed', 'The sandbox is shut down.'));
      // Frees their users at once (another bot process may take their next check) and spares the workers.
      if (abandoned.length) await pool.query('DELETE FROM memtutor_memcheck_requests WHERE id = ANY($1)', [abandoned]).catch(() => {});
      await listener?.end().catch(() => {});
      await pool.end().catch(() => {});
    },
    warmUp: () => whenReady().catch((error: unknown) => log.error({ err: error }, 'the sandbox queue cannot be reached')),
  };
}
