// The PostgreSQL side of remote sandbox workers. Jobs travel through graphile-worker (its own
// schema: SKIP LOCKED claims, LISTEN/NOTIFY wake-ups); memtutor keeps two small tables beside it:
// one row per check in flight (it is the cross-process admission: one per user, bounded) and one
// heartbeat row per worker process (so a live worker can release the jobs of a dead one).
import { Logger as GraphileLogger, runMigrations, type LogLevel } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from '../../logger.js';

export const TASK = 'memtutor_memcheck';
/** A worker announces each finished check here with the request id; bots LISTEN for their own. */
export const DONE_CHANNEL = 'memtutor_memcheck_done';
export const HEARTBEAT_MS = 1000;
/** A worker silent this long is taken for dead and its jobs go to another worker. */
export const WORKER_STALE_MS = 4000;
/** The heartbeat rows of live workers; `$1` is WORKER_STALE_MS. */
export const LIVE_WORKERS = `FROM memtutor_sandbox_workers WHERE seen_at > now() - make_interval(secs => $1 / 1000.0)`;

const QUEUE_MIGRATION_LOCK = 7_415_002;
/** Append only; the single row of memtutor_queue_schema records how many have run. */
const QUEUE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE memtutor_memcheck_requests (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'done')),
    report JSONB,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX memtutor_memcheck_requests_state ON memtutor_memcheck_requests (state);
  CREATE TABLE memtutor_sandbox_workers (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    worker_ids TEXT[] NOT NULL,
    slots INTEGER NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL
  );
  `,
];

/**
 * A check in the queue lives for seconds and a lost one is simply asked again, so the queue's
 * commits do not wait for the disk (synchronous_commit=off: a server crash may forget the last
 * moments, never corrupt anything). That takes several fsyncs off every check.
 */
export function openQueuePool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, options: '-c synchronous_commit=off' });
  // A connection that drops while idle is replaced on the next query, whose caller sees any error.
  pool.on('error', () => {});
  // A checked-out connection that breaks fails its query; the stray 'error' event must not crash us.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** graphile-worker's schema, then memtutor's tables; every process may call it, they take turns. */
export async function migrateQueue(pool: pg.Pool, logger: Logger): Promise<void> {
  await runMigrations({ pgPool: pool, logger: graphileLogger(logger) });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [QUEUE_MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS memtutor_queue_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM memtutor_queue_schema');
    const version = rows[0]?.version ?? 0;
    for (const sql of QUEUE_MIGRATIONS.slice(version)) await client.query(sql);
    await client.query('DELETE FROM memtutor_queue_schema');
    await client.query('INSERT INTO memtutor_queue_schema (version) VALUES ($1)', [Math.max(version, QUEUE_MIGRATIONS.length)]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Whether the queue's tables exist at the version this memtutor knows (for `memtutor doctor`). */
export async function queueIsMigrated(pool: pg.Pool): Promise<boolean> {
  return (await recordedVersion(pool, 'memtutor_queue_schema')) === QUEUE_MIGRATIONS.length;
}

/** The version a one-row version table records; 0 when the table does not exist yet. */
export async function recordedVersion(db: pg.Pool | pg.Client, table: 'memtutor_queue_schema' | 'memtutor_schema'): Promise<number> {
  const exists = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  if (!exists.rows[0]?.present) return 0;
  const { rows } = await db.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${table}`);
  return rows[0]?.version ?? 0;
}

/** Live worker processes and the checks they run at once (for `memtutor doctor`). */
export async function liveCapacity(pool: pg.Pool): Promise<{ workers: number; slots: number }> {
  const { rows } = await pool.query<{ workers: number; slots: number }>(`SELECT count(*)::int AS workers, coalesce(sum(slots), 0)::int AS slots ${LIVE_WORKERS}`, [WORKER_STALE_MS]);
  return rows[0]!;
}

const LEVELS: Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'> = { error: 'error', warning: 'warn', info: 'info', debug: 'debug' };

/** graphile-worker logs through ours (structured, on stderr) instead of the console. */
export function graphileLogger(logger: Logger): GraphileLogger {
  const queueLogger = logger.child({ component: 'queue' });
  return new GraphileLogger((scope) => (level, message, meta) => queueLogger[LEVELS[level]]({ ...scope, ...meta }, message));
}
