// The Store on SQLite (better-sqlite3): one file, WAL journal, migrations by user_version.
// Every write that matters runs in a transaction; a corrupt or unwritable file stops start-up
// with one clear line and is never recreated.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
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
import { MIGRATIONS } from './migrations.js';
import {
  SQL,
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
  StoreOpenError,
  type Row,
} from './sql.js';

export class SqliteStore implements Store {
  private constructor(private readonly db: Database.Database) {}

  /** Opens (creating if absent) the database file and brings its schema up to date. */
  static open(file: string): SqliteStore {
    const where = file === ':memory:' ? 'in memory' : `at ${file}`;
    let db: Database.Database | undefined;
    try {
      if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      return new SqliteStore(db);
    } catch (error) {
      db?.close();
      throw new StoreOpenError(openErrorMessage(where, error));
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async recordAnswer(answer: AnswerInput): Promise<RecordAnswerResult> {
    return this.db.transaction((): RecordAnswerResult => {
      if (answer.roundId !== undefined && !this.get(SQL.roundIsOpen, answer.roundId, answer.answeredAt)) return { status: 'round-closed' };
      const userRef = this.upsertUser(answer.user);
      if (this.run(SQL.insertAnswer, ...answerParams(userRef, answer)) === 1) return { status: 'recorded' };
      const previous = this.get(SQL.previousAnswer, userRef, answer.questionId, answer.roundKey)!;
      return { status: 'duplicate', previous: { choice: Number(previous.choice), correct: Number(previous.correct) === 1 } };
    }).immediate();
  }

  async setLastAsked(user: UserRef, questionId: string, at: number): Promise<void> {
    this.db.transaction(() => {
      this.run(SQL.setLastAsked, questionId, at, this.upsertUser(user));
    }).immediate();
  }

  async lastAsked(user: UserRef): Promise<string | undefined> {
    return (this.get(SQL.lastAsked, user.platform, user.userId)?.last_question_id as string | null | undefined) ?? undefined;
  }

  async questionHistory(user: UserRef): Promise<QuestionHistory[]> {
    return this.all(SQL.questionHistory, user.platform, user.userId).map(toQuestionHistory);
  }

  async userStats(user: UserRef): Promise<UserStats> {
    return toUserStats(this.all(SQL.sectionStats, user.platform, user.userId), this.all(SQL.recentCorrect, user.platform, user.userId));
  }

  async leaderboard(scopeId: string, since: number | undefined, limit: number): Promise<LeaderboardRow[]> {
    return this.all(SQL.leaderboard, scopeId, since ?? 0, limit).map(toLeaderboardRow);
  }

  async getSchedule(scopeId: string): Promise<WeeklySchedule | undefined> {
    const row = this.get(SQL.getSchedule, scopeId);
    return row && toSchedule(row);
  }

  async enabledSchedules(): Promise<WeeklySchedule[]> {
    return this.all(SQL.enabledSchedules).map(toSchedule);
  }

  async saveSchedule(schedule: WeeklySchedule): Promise<void> {
    this.run(SQL.saveSchedule, ...scheduleParams(schedule));
  }

  async createRound(round: NewRound): Promise<Round | undefined> {
    const row = this.get(SQL.createRound, ...roundParams(round));
    return row && toRound(row);
  }

  async getRound(id: number): Promise<Round | undefined> {
    const row = this.get(SQL.getRound, id);
    return row && toRound(row);
  }

  async openRounds(): Promise<Round[]> {
    return this.all(SQL.openRounds).map(toRound);
  }

  async roundsAwaitingResults(): Promise<Round[]> {
    return this.all(SQL.roundsAwaitingResults, RESULTS_MESSAGE_INDEX).map(toRound);
  }

  async recentRoundQuestions(scopeId: string, rounds: number): Promise<string[]> {
    return this.all(SQL.recentRoundQuestions, scopeId, rounds).flatMap(toQuestionIds);
  }

  async claimRoundMessage(message: Omit<RoundMessage, 'messageId'>): Promise<boolean> {
    return this.run(SQL.claimRoundMessage, ...claimParams(message, Date.now())) === 1;
  }

  async recordRoundMessage(roundId: number, index: number, messageId: string): Promise<void> {
    this.run(SQL.recordRoundMessage, messageId, roundId, index);
  }

  async releaseRoundMessage(roundId: number, index: number): Promise<void> {
    this.run(SQL.releaseRoundMessage, roundId, index);
  }

  async roundMessages(roundId: number): Promise<RoundMessage[]> {
    return this.all(SQL.roundMessages, roundId).map(toRoundMessage);
  }

  async closeRound(roundId: number, closedAt: number, nextStreak: (previous: Streak | undefined) => Streak): Promise<boolean> {
    // IMMEDIATE takes the write lock first, so closers in other processes queue behind this one.
    return this.db.transaction(() => {
      const closed = this.get(SQL.closeRound, closedAt, roundId);
      if (!closed) return false;
      for (const { user_ref: userRef } of this.all(SQL.roundParticipants, roundId)) {
        const previous = this.get(SQL.readStreak, closed.scope_id, userRef);
        const next = nextStreak(previous && toStreak(previous));
        this.run(SQL.writeStreak, closed.scope_id, userRef, next.current, next.best, next.lastWeek);
      }
      return true;
    }).immediate();
  }

  async roundAnswers(roundId: number): Promise<RoundAnswerRow[]> {
    return this.all(SQL.roundAnswers, roundId).map(toRoundAnswer);
  }

  async streaks(scopeId: string): Promise<StreakRow[]> {
    return this.all(SQL.streaks, scopeId).map(toStreakRow);
  }

  async streak(scopeId: string, user: UserRef): Promise<Streak | undefined> {
    const row = this.get(SQL.streak, scopeId, user.platform, user.userId);
    return row && toStreak(row);
  }

  async claimEvent(key: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    const claimed = this.get(SQL.claimEvent, key, now + ttlMs, now) !== undefined;
    if (claimed) this.run(SQL.dropExpiredEvents, now);
    return claimed;
  }

  async saveStepRun(newRun: NewStepRun, now = Date.now()): Promise<string> {
    const id = newStepRunId();
    const params = await stepRunParams(id, newRun, now, now + STEP_RUN_TTL_MS);
    this.db.transaction(() => {
      this.run(SQL.dropExpiredStepRuns, now);
      this.run(SQL.saveStepRun, ...params);
    })();
    return id;
  }

  async stepRun(id: string, now = Date.now()): Promise<StepRun | undefined> {
    if (!STEP_RUN_ID.test(id)) return undefined;
    const row = this.get(SQL.stepRun, id, now);
    return row && toStepRun(row);
  }

  /** The user's row id, creating the row or refreshing the display name. Call inside a transaction. */
  private upsertUser(user: UserRef): number {
    return Number(this.get(SQL.upsertUser, ...userParams(user))!.id);
  }

  private get(sql: string, ...params: unknown[]): Row | undefined {
    return this.db.prepare(sql).get(...params) as Row | undefined;
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.db.prepare(sql).all(...params) as Row[];
  }

  /** Runs a write; the number of rows it changed. */
  private run(sql: string, ...params: unknown[]): number {
    return this.db.prepare(sql).run(...params).changes;
  }
}

function migrate(db: Database.Database): void {
  // Read the version inside the write transaction: two processes starting at once migrate once.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(`its schema version ${version} is newer than this memtutor knows (${MIGRATIONS.length}); upgrade memtutor`);
    }
    MIGRATIONS.slice(version).forEach((sql) => db.exec(sql));
    if (version < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/** One line for the user: what went wrong and what to do. */
export function openErrorMessage(where: string, error: unknown): string {
  if (isNativeBindingError(error)) {
    // An interrupted install or a Node.js upgrade: the driver's compiled part is missing or stale.
    return 'The SQLite driver could not load its compiled part (better-sqlite3). Run `npm rebuild better-sqlite3` (or `npm ci`) and start again.';
  }
  return `Cannot use the database ${where}: ${explainOpenError(error)}`;
}

function isNativeBindingError(error: unknown): boolean {
  const { code, message = '', tries } = (error ?? {}) as { code?: string; message?: string; tries?: unknown };
  if (Array.isArray(tries) || code === 'ERR_DLOPEN_FAILED') return true; // `bindings` found no file; dlopen refused it
  return /NODE_MODULE_VERSION|\.node\b/.test(message) && /better[-_]sqlite3|bindings/i.test(message);
}

function explainOpenError(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /not a database|malformed/i.test(message)) {
    return 'the file is corrupt or not a SQLite database. Restore a backup or move it away; memtutor will not recreate it.';
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR') {
    return `it cannot be opened for writing (${code}). Check DATABASE_PATH and the permissions of its directory.`;
  }
  return message.split('\n')[0]!;
}
