// The Store on PostgreSQL (node-postgres), for several bot processes sharing one database.
// Claims stay atomic across processes because each is a single statement the server serialises:
// an INSERT … ON CONFLICT DO NOTHING (round messages), an UPDATE … WHERE status = 'open' (round
// closes), an upsert that only takes over an expired row (events). Answers lock their round
// FOR SHARE, so a close waits for answers already being written and later ones see it closed.
import pg from 'pg';
import {
  RESULTS_MESSAGE_INDEX,
  STEP_RUN_ID,
  STEP_RUN_TTL_MS,
  type AnswerInput,
  type LeaderboardRow,
  type NewRound,
  type NewStepRun,
  type QuestionHistory,
  type RecordAnswerResult,
  type Round,
  type RoundAnswerRow,
  type RoundMessage,
  type StepRun,
  type Store,
  type Streak,
  type StreakRow,
  type UserRef,
  type UserStats,
  type WeeklySchedule,
} from '../core/store/store.js';
import { PG_MIGRATIONS } from './postgres-migrations.js';
import {
  SQL,
  StoreOpenError,
  answerParams,
  claimParams,
  roundParams,
  scheduleParams,
  toLeaderboardRow,
  toQuestionHistory,
  toQuestionIds,
  toRound,
  toRoundAnswer,
  toRoundMessage,
  toSchedule,
  newStepRunId,
  stepRunParams,
  toStepRun,
  toStreak,
  toStreakRow,
  toUserStats,
  userParams,
  type Row,
} from './sql.js';

/** The shared statements with numbered placeholders, plus the ones only PostgreSQL speaks. */
const STATEMENTS = {
  ...(Object.fromEntries(Object.entries(SQL).map(([name, text]) => [name, numberPlaceholders(text)])) as Record<keyof typeof SQL, string>),
  roundIsOpenLocked: numberPlaceholders(`${SQL.roundIsOpen} FOR SHARE`),
  /** Serialises streak updates of one scope when two of its rounds close at once. */
  lockScopeStreaks: `SELECT pg_advisory_xact_lock(hashtext('memtutor-streaks:' || $1))`,
};
type Statement = keyof typeof STATEMENTS;

/** Any constant shared by every memtutor process: they migrate one at a time. */
const MIGRATION_LOCK = 7_415_001;
const CONNECT_TIMEOUT_MS = 10_000;

type Queryable = pg.Pool | pg.PoolClient;

export class PostgresStore implements Store {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects, brings the schema up to date, and keeps a small pool of connections. */
  static async open(url: string, poolSize = 10): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A connection that drops while idle is replaced on the next query, whose caller sees any error.
    pool.on('error', () => {});
    try {
      await inTransaction(pool, migrate);
      return new PostgresStore(pool);
    } catch (error) {
      await pool.end().catch(() => {});
      throw new StoreOpenError(`Cannot use the PostgreSQL database ${describeUrl(url)}: ${explainOpenError(error)}`);
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  async recordAnswer(answer: AnswerInput): Promise<RecordAnswerResult> {
    return inTransaction(this.pool, async (db): Promise<RecordAnswerResult> => {
      if (answer.roundId !== undefined && !(await first(db, 'roundIsOpenLocked', [answer.roundId, answer.answeredAt]))) return { status: 'round-closed' };
      const userRef = await upsertUser(db, answer.user);
      if ((await run(db, 'insertAnswer', answerParams(userRef, answer))) === 1) return { status: 'recorded' };
      const previous = (await first(db, 'previousAnswer', [userRef, answer.questionId, answer.roundKey]))!;
      return { status: 'duplicate', previous: { choice: Number(previous.choice), correct: Number(previous.correct) === 1 } };
    });
  }

  async setLastAsked(user: UserRef, questionId: string, at: number): Promise<void> {
    await inTransaction(this.pool, async (db) => run(db, 'setLastAsked', [questionId, at, await upsertUser(db, user)]));
  }

  async lastAsked(user: UserRef): Promise<string | undefined> {
    const row = await first(this.pool, 'lastAsked', [user.platform, user.userId]);
    return (row?.last_question_id as string | null | undefined) ?? undefined;
  }

  async questionHistory(user: UserRef): Promise<QuestionHistory[]> {
    return (await all(this.pool, 'questionHistory', [user.platform, user.userId])).map(toQuestionHistory);
  }

  async userStats(user: UserRef): Promise<UserStats> {
    const [sections, recent] = await Promise.all([
      all(this.pool, 'sectionStats', [user.platform, user.userId]),
      all(this.pool, 'recentCorrect', [user.platform, user.userId]),
    ]);
    return toUserStats(sections, recent);
  }

  async leaderboard(scopeId: string, since: number | undefined, limit: number): Promise<LeaderboardRow[]> {
    return (await all(this.pool, 'leaderboard', [scopeId, since ?? 0, limit])).map(toLeaderboardRow);
  }

  async getSchedule(scopeId: string): Promise<WeeklySchedule | undefined> {
    const row = await first(this.pool, 'getSchedule', [scopeId]);
    return row && toSchedule(row);
  }

  async enabledSchedules(): Promise<WeeklySchedule[]> {
    return (await all(this.pool, 'enabledSchedules')).map(toSchedule);
  }

  async saveSchedule(schedule: WeeklySchedule): Promise<void> {
    await run(this.pool, 'saveSchedule', scheduleParams(schedule));
  }

  async createRound(round: NewRound): Promise<Round | undefined> {
    const row = await first(this.pool, 'createRound', roundParams(round));
    return row && toRound(row);
  }

  async getRound(id: number): Promise<Round | undefined> {
    const row = await first(this.pool, 'getRound', [id]);
    return row && toRound(row);
  }

  async openRounds(): Promise<Round[]> {
    return (await all(this.pool, 'openRounds')).map(toRound);
  }

  async roundsAwaitingResults(): Promise<Round[]> {
    return (await all(this.pool, 'roundsAwaitingResults', [RESULTS_MESSAGE_INDEX])).map(toRound);
  }

  async recentRoundQuestions(scopeId: string, rounds: number): Promise<string[]> {
    return (await all(this.pool, 'recentRoundQuestions', [scopeId, rounds])).flatMap(toQuestionIds);
  }

  async claimRoundMessage(message: Omit<RoundMessage, 'messageId'>): Promise<boolean> {
    return (await run(this.pool, 'claimRoundMessage', claimParams(message, Date.now()))) === 1;
  }

  async recordRoundMessage(roundId: number, index: number, messageId: string): Promise<void> {
    await run(this.pool, 'recordRoundMessage', [messageId, roundId, index]);
  }

  async releaseRoundMessage(roundId: number, index: number): Promise<void> {
    await run(this.pool, 'releaseRoundMessage', [roundId, index]);
  }

  async roundMessages(roundId: number): Promise<RoundMessage[]> {
    return (await all(this.pool, 'roundMessages', [roundId])).map(toRoundMessage);
  }

  async closeRound(roundId: number, closedAt: number, nextStreak: (previous: Streak | undefined) => Streak): Promise<boolean> {
    return inTransaction(this.pool, async (db) => {
      const closed = await first(db, 'closeRound', [closedAt, roundId]);
      if (!closed) return false;
      await all(db, 'lockScopeStreaks', [closed.scope_id]);
      for (const { user_ref: userRef } of await all(db, 'roundParticipants', [roundId])) {
        const previous = await first(db, 'readStreak', [closed.scope_id, userRef]);
        const next = nextStreak(previous && toStreak(previous));
        await run(db, 'writeStreak', [closed.scope_id, userRef, next.current, next.best, next.lastWeek]);
      }
      return true;
    });
  }

  async roundAnswers(roundId: number): Promise<RoundAnswerRow[]> {
    return (await all(this.pool, 'roundAnswers', [roundId])).map(toRoundAnswer);
  }

  async streaks(scopeId: string): Promise<StreakRow[]> {
    return (await all(this.pool, 'streaks', [scopeId])).map(toStreakRow);
  }

  async streak(scopeId: string, user: UserRef): Promise<Streak | undefined> {
    const row = await first(this.pool, 'streak', [scopeId, user.platform, user.userId]);
    return row && toStreak(row);
  }

  async claimEvent(key: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    const claimed = (await first(this.pool, 'claimEvent', [key, now + ttlMs, now])) !== undefined;
    if (claimed) await run(this.pool, 'dropExpiredEvents', [now]);
    return claimed;
  }
  async saveStepRun(newRun: NewStepRun, now = Date.now()): Promise<string> {
    const id = newStepRunId();
    const params = await stepRunParams(id, newRun, now, now + STEP_RUN_TTL_MS);
    await inTransaction(this.pool, async (db) => {
      await run(db, 'dropExpiredStepRuns', [now]);
      await run(db, 'saveStepRun', params);
    });
    return id;
  }

  async stepRun(id: string, now = Date.now()): Promise<StepRun | undefined> {
    if (!STEP_RUN_ID.test(id)) return undefined;
    const row = await first(this.pool, 'stepRun', [id, now]);
    return row && toStepRun(row);
  }
}

/** Named statements are prepared once per connection and reused. */
async function query(db: Queryable, name: Statement, params: unknown[]): Promise<pg.QueryResult<Row>> {
  return db.query<Row>({ name, text: STATEMENTS[name], values: params });
}

async function all(db: Queryable, name: Statement, params: unknown[] = []): Promise<Row[]> {
  return (await query(db, name, params)).rows;
}

async function first(db: Queryable, name: Statement, params: unknown[]): Promise<Row | undefined> {
  return (await query(db, name, params)).rows[0];
}

/** Runs a write; the number of rows it changed. */
async function run(db: Queryable, name: Statement, params: unknown[]): Promise<number> {
  return (await query(db, name, params)).rowCount ?? 0;
}

async function upsertUser(db: Queryable, user: UserRef): Promise<number> {
  return Number((await first(db, 'upsertUser', userParams(user)))!.id);
}

/** Runs `work` on one connection inside BEGIN … COMMIT, rolling back if it throws. */
async function inTransaction<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    // A connection that could not even roll back is dropped, not handed to the next caller.
    client.release(broken);
  }
}

async function migrate(db: pg.PoolClient): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  await db.query('CREATE TABLE IF NOT EXISTS memtutor_schema (version INTEGER NOT NULL)');
  const version = Number((await db.query<Row>('SELECT version FROM memtutor_schema')).rows[0]?.version ?? 0);
  if (version > PG_MIGRATIONS.length) {
    throw new Error(`its schema version ${version} is newer than this memtutor knows (${PG_MIGRATIONS.length}); upgrade memtutor`);
  }
  for (const sql of PG_MIGRATIONS.slice(version)) await db.query(sql);
  if (version < PG_MIGRATIONS.length) {
    await db.query('DELETE FROM memtutor_schema');
    await db.query('INSERT INTO memtutor_schema (version) VALUES ($1)', [PG_MIGRATIONS.length]);
  }
}

/** `?` → `$1`, `$2`, …; the shared statements hold no literal question marks. */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Host, port and database only: the URL's password must never reach a log or a terminal. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `at ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(DATABASE_URL is not a valid URL)';
  }
}

export function explainOpenError(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /timeout/i.test(message)) {
    return `the server cannot be reached (${code || 'timeout'}). Check the host and port in DATABASE_URL and that PostgreSQL is running.`;
  }
  if (code === '28P01' || code === '28000') return 'the server refused the login. Check the user and password in DATABASE_URL.';
  if (code === '3D000') return 'that database does not exist. Create it first (createdb), then start memtutor again.';
  if (code === '42501') return 'the user may not create tables there. Grant it CREATE on the schema, or migrate as the owner once.';
  return message.split('\n')[0]!;
}
