// The Store on SQLite (better-sqlite3): one file, WAL journal, migrations by user_version.
// Every write that matters runs in a transaction; a corrupt or unwritable file stops start-up
// with one clear line and is never recreated.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Platform } from '../core/messages.js';
import {
  RESULTS_MESSAGE_INDEX,
  type AnswerInput,
  type LeaderboardRow,
  type NewRound,
  type QuestionHistory,
  type RecordAnswerResult,
  type Round,
  type RoundAnswerRow,
  type RoundMessage,
  type Store,
  type Streak,
  type StreakRow,
  type UserRef,
  type UserStats,
  type WeeklySchedule,
} from '../core/store/store.js';
import { MIGRATIONS } from './migrations.js';

export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

type Row = Record<string, unknown>;

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
      throw new StoreOpenError(`Cannot use the database ${where}: ${explainOpenError(error)}`);
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async recordAnswer(answer: AnswerInput): Promise<RecordAnswerResult> {
    return this.db.transaction((): RecordAnswerResult => {
      if (answer.roundId !== undefined) {
        const open = this.db
          .prepare(`SELECT 1 FROM rounds WHERE id = ? AND status = 'open' AND closes_at > ?`)
          .get(answer.roundId, answer.answeredAt);
        if (!open) return { status: 'round-closed' };
      }
      const userRef = this.upsertUser(answer.user);
      const inserted = this.db
        .prepare(
          `INSERT INTO answers (user_ref, scope_id, question_id, section, round_key, round_id, choice, correct, answered_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_ref, question_id, round_key) DO NOTHING`,
        )
        .run(userRef, answer.scopeId, answer.questionId, answer.section, answer.roundKey, answer.roundId ?? null, answer.choice, answer.correct ? 1 : 0, answer.answeredAt);
      if (inserted.changes === 1) return { status: 'recorded' };
      const previous = this.db
        .prepare(`SELECT choice, correct FROM answers WHERE user_ref = ? AND question_id = ? AND round_key = ?`)
        .get(userRef, answer.questionId, answer.roundKey) as { choice: number; correct: number };
      return { status: 'duplicate', previous: { choice: previous.choice, correct: previous.correct === 1 } };
    }).immediate();
  }

  async setLastAsked(user: UserRef, questionId: string, at: number): Promise<void> {
    this.db.transaction(() => {
      const userRef = this.upsertUser(user);
      this.db.prepare(`UPDATE users SET last_question_id = ?, last_asked_at = ? WHERE id = ?`).run(questionId, at, userRef);
    }).immediate();
  }

  async lastAsked(user: UserRef): Promise<string | undefined> {
    const row = this.db.prepare(`SELECT last_question_id FROM users WHERE platform = ? AND user_id = ?`).get(user.platform, user.userId) as Row | undefined;
    return (row?.last_question_id as string | null) ?? undefined;
  }

  async questionHistory(user: UserRef): Promise<QuestionHistory[]> {
    const rows = this.db
      .prepare(
        `SELECT question_id, COUNT(*) AS answered, SUM(correct) AS correct, MAX(answered_at) AS last
         FROM answers a JOIN users u ON u.id = a.user_ref WHERE u.platform = ? AND u.user_id = ? GROUP BY question_id`,
      )
      .all(user.platform, user.userId) as Row[];
    return rows.map((r) => ({ questionId: String(r.question_id), answered: Number(r.answered), correct: Number(r.correct), lastAnsweredAt: Number(r.last) }));
  }

  async userStats(user: UserRef): Promise<UserStats> {
    const rows = this.db
      .prepare(
        `SELECT section, COUNT(*) AS answered, SUM(correct) AS correct
         FROM answers a JOIN users u ON u.id = a.user_ref WHERE u.platform = ? AND u.user_id = ? GROUP BY section ORDER BY section`,
      )
      .all(user.platform, user.userId) as Row[];
    const bySection = rows.map((r) => ({ section: String(r.section), answered: Number(r.answered), correct: Number(r.correct) }));
    const recent = this.db
      .prepare(
        `SELECT correct FROM answers a JOIN users u ON u.id = a.user_ref WHERE u.platform = ? AND u.user_id = ?
         ORDER BY answered_at DESC, a.id DESC LIMIT 10000`,
      )
      .all(user.platform, user.userId) as Array<{ correct: number }>;
    const firstMiss = recent.findIndex((r) => r.correct !== 1);
    return {
      answered: bySection.reduce((n, s) => n + s.answered, 0),
      correct: bySection.reduce((n, s) => n + s.correct, 0),
      bySection,
      correctInARow: firstMiss === -1 ? recent.length : firstMiss,
    };
  }

  async leaderboard(scopeId: string, since: number | undefined, limit: number): Promise<LeaderboardRow[]> {
    const rows = this.db
      .prepare(
        `SELECT u.platform, u.user_id, u.display_name, SUM(a.correct) AS correct, COUNT(*) AS answered
         FROM answers a JOIN users u ON u.id = a.user_ref
         WHERE a.scope_id = ? AND a.answered_at >= ?
         GROUP BY a.user_ref ORDER BY correct DESC, answered ASC, MIN(a.answered_at) ASC LIMIT ?`,
      )
      .all(scopeId, since ?? 0, limit) as Row[];
    return rows.map((r) => ({ ...userColumns(r), correct: Number(r.correct), answered: Number(r.answered) }));
  }

  async getSchedule(scopeId: string): Promise<WeeklySchedule | undefined> {
    const row = this.db.prepare(`SELECT * FROM weekly_schedules WHERE scope_id = ?`).get(scopeId) as Row | undefined;
    return row && toSchedule(row);
  }

  async enabledSchedules(): Promise<WeeklySchedule[]> {
    return (this.db.prepare(`SELECT * FROM weekly_schedules WHERE enabled = 1 ORDER BY scope_id`).all() as Row[]).map(toSchedule);
  }

  async saveSchedule(s: WeeklySchedule): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO weekly_schedules (scope_id, platform, channel_id, day, time, time_zone, questions, duration_ms, enabled, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope_id) DO UPDATE SET platform = excluded.platform, channel_id = excluded.channel_id, day = excluded.day,
           time = excluded.time, time_zone = excluded.time_zone, questions = excluded.questions,
           duration_ms = excluded.duration_ms, enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run(s.scopeId, s.platform, s.channelId, s.day, s.time, s.timeZone, s.questions, s.durationMs, s.enabled ? 1 : 0, s.updatedAt);
  }

  async createRound(round: NewRound): Promise<Round | undefined> {
    const inserted = this.db
      .prepare(
        `INSERT INTO rounds (scope_id, platform, channel_id, slot_key, question_ids, opens_at, closes_at, time_zone, week_key, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') ON CONFLICT (scope_id, slot_key) DO NOTHING`,
      )
      .run(round.scopeId, round.platform, round.channelId, round.slotKey, JSON.stringify(round.questionIds), round.opensAt, round.closesAt, round.timeZone, round.weekKey);
    if (inserted.changes !== 1) return undefined;
    return this.getRound(Number(inserted.lastInsertRowid));
  }

  async getRound(id: number): Promise<Round | undefined> {
    const row = this.db.prepare(`SELECT * FROM rounds WHERE id = ?`).get(id) as Row | undefined;
    return row && toRound(row);
  }

  async openRounds(): Promise<Round[]> {
    return (this.db.prepare(`SELECT * FROM rounds WHERE status = 'open' ORDER BY closes_at, id`).all() as Row[]).map(toRound);
  }

  async roundsAwaitingResults(): Promise<Round[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM rounds r WHERE status = 'closed'
         AND NOT EXISTS (SELECT 1 FROM posted_messages m WHERE m.round_id = r.id AND m.message_index = ?) ORDER BY closed_at, id`,
      )
      .all(RESULTS_MESSAGE_INDEX) as Row[];
    return rows.map(toRound);
  }

  async recentRoundQuestions(scopeId: string, rounds: number): Promise<string[]> {
    const rows = this.db.prepare(`SELECT question_ids FROM rounds WHERE scope_id = ? ORDER BY opens_at DESC, id DESC LIMIT ?`).all(scopeId, rounds) as Row[];
    return rows.flatMap((r) => JSON.parse(String(r.question_ids)) as string[]);
  }

  async claimRoundMessage(m: Omit<RoundMessage, 'messageId'>): Promise<boolean> {
    const claimed = this.db
      .prepare(
        `INSERT INTO posted_messages (round_id, message_index, platform, channel_id, claimed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (round_id, message_index) DO NOTHING`,
      )
      .run(m.roundId, m.index, m.platform, m.channelId, Date.now());
    return claimed.changes === 1;
  }

  async recordRoundMessage(roundId: number, index: number, messageId: string): Promise<void> {
    this.db.prepare(`UPDATE posted_messages SET message_id = ? WHERE round_id = ? AND message_index = ?`).run(messageId, roundId, index);
  }

  async releaseRoundMessage(roundId: number, index: number): Promise<void> {
    this.db.prepare(`DELETE FROM posted_messages WHERE round_id = ? AND message_index = ? AND message_id IS NULL`).run(roundId, index);
  }

  async roundMessages(roundId: number): Promise<RoundMessage[]> {
    const rows = this.db.prepare(`SELECT * FROM posted_messages WHERE round_id = ? ORDER BY message_index`).all(roundId) as Row[];
    return rows.map((r) => ({
      roundId: Number(r.round_id),
      index: Number(r.message_index),
      platform: r.platform as Platform,
      channelId: String(r.channel_id),
      messageId: (r.message_id as string | null) ?? null,
    }));
  }

  async closeRound(roundId: number, closedAt: number, nextStreak: (previous: Streak | undefined) => Streak): Promise<boolean> {
    return this.db.transaction(() => {
      const closed = this.db.prepare(`UPDATE rounds SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`).run(closedAt, roundId);
      if (closed.changes !== 1) return false;
      const round = this.db.prepare(`SELECT scope_id FROM rounds WHERE id = ?`).get(roundId) as Row;
      const participants = this.db.prepare(`SELECT DISTINCT user_ref FROM answers WHERE round_id = ?`).all(roundId) as Row[];
      const read = this.db.prepare(`SELECT current, best, last_week FROM streaks WHERE scope_id = ? AND user_ref = ?`);
      const write = this.db.prepare(
        `INSERT INTO streaks (scope_id, user_ref, current, best, last_week) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (scope_id, user_ref) DO UPDATE SET current = excluded.current, best = excluded.best, last_week = excluded.last_week`,
      );
      for (const { user_ref: userRef } of participants) {
        const previous = read.get(round.scope_id, userRef) as Row | undefined;
        const next = nextStreak(previous && toStreak(previous));
        write.run(round.scope_id, userRef, next.current, next.best, next.lastWeek);
      }
      return true;
    }).immediate();
  }

  async roundAnswers(roundId: number): Promise<RoundAnswerRow[]> {
    const rows = this.db
      .prepare(
        `SELECT u.platform, u.user_id, u.display_name, a.question_id, a.choice, a.correct
         FROM answers a JOIN users u ON u.id = a.user_ref WHERE a.round_id = ? ORDER BY a.answered_at, a.id`,
      )
      .all(roundId) as Row[];
    return rows.map((r) => ({ ...userColumns(r), questionId: String(r.question_id), choice: Number(r.choice), correct: r.correct === 1 }));
  }

  async streaks(scopeId: string): Promise<StreakRow[]> {
    const rows = this.db
      .prepare(
        `SELECT u.platform, u.user_id, u.display_name, s.current, s.best, s.last_week
         FROM streaks s JOIN users u ON u.id = s.user_ref WHERE s.scope_id = ? ORDER BY s.current DESC, s.best DESC, u.display_name`,
      )
      .all(scopeId) as Row[];
    return rows.map((r) => ({ ...userColumns(r), ...toStreak(r) }));
  }

  async streak(scopeId: string, user: UserRef): Promise<Streak | undefined> {
    const row = this.db
      .prepare(
        `SELECT s.current, s.best, s.last_week FROM streaks s JOIN users u ON u.id = s.user_ref
         WHERE s.scope_id = ? AND u.platform = ? AND u.user_id = ?`,
      )
      .get(scopeId, user.platform, user.userId) as Row | undefined;
    return row && toStreak(row);
  }

  /** The user's row id, creating the row or refreshing the display name. Call inside a transaction. */
  private upsertUser(user: UserRef): number {
    const row = this.db
      .prepare(
        `INSERT INTO users (platform, user_id, display_name) VALUES (?, ?, ?)
         ON CONFLICT (platform, user_id) DO UPDATE SET display_name = excluded.display_name RETURNING id`,
      )
      .get(user.platform, user.userId, user.displayName) as { id: number };
    return row.id;
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

function userColumns(r: Row): { platform: Platform; userId: string; displayName: string } {
  return { platform: r.platform as Platform, userId: String(r.user_id), displayName: String(r.display_name) };
}

function toStreak(r: Row): Streak {
  return { current: Number(r.current), best: Number(r.best), lastWeek: String(r.last_week) };
}

function toSchedule(r: Row): WeeklySchedule {
  return {
    scopeId: String(r.scope_id),
    platform: r.platform as Platform,
    channelId: String(r.channel_id),
    day: Number(r.day),
    time: String(r.time),
    timeZone: String(r.time_zone),
    questions: Number(r.questions),
    durationMs: Number(r.duration_ms),
    enabled: r.enabled === 1,
    updatedAt: Number(r.updated_at),
  };
}

function toRound(r: Row): Round {
  return {
    id: Number(r.id),
    scopeId: String(r.scope_id),
    platform: r.platform as Platform,
    channelId: String(r.channel_id),
    slotKey: String(r.slot_key),
    questionIds: JSON.parse(String(r.question_ids)) as string[],
    opensAt: Number(r.opens_at),
    closesAt: Number(r.closes_at),
    timeZone: String(r.time_zone),
    weekKey: String(r.week_key),
    status: r.status === 'closed' ? 'closed' : 'open',
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
  };
}
