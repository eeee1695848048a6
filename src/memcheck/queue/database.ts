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
  const { rows } = await pool.query<{ version: number | null }>(
    `SELECT CASE WHEN to_regclass('memtutor_queue_schema') IS NULL THEN NULL
       ELSE (SELECT max(version) FROM memtutor_queue_schema) END AS version`,
  );
  return rows[0]?.version === QUEUE_MIGRATIONS.length;
}

const LEVELS: Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'> = { error: 'error', warning: 'warn', info: 'info', debug: 'debug' };

/** graphile-worker logs through ours (structured, on stderr) instead of the console. */
export function graphileLogger(logger: Logger): GraphileLogger {
  const queueLogger = logger.child({ component: 'queue' });
  return new GraphileLogger((scope) => (level, message, meta) => queueLogger[LEVELS[level]]({ ...scope, ...meta }, message));
}
