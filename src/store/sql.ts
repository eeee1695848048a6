// The SQL and row mapping both stores share. Statements use `?` placeholders as SQLite does; the
// PostgreSQL store numbers them ($1, $2, …) once at start-up. Both schemas keep the same column
// names and store booleans as 0/1 integers, so one set of mappers reads rows from either driver
// (PostgreSQL hands BIGINT and COUNT back as strings: every number goes through Number()).
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
import { z } from 'zod';
import { stepTraceSchema } from '../../sandbox/steps.js';
import type { Platform } from '../core/messages.js';
import type {
  LeaderboardRow,
  QuestionHistory,
  Round,
  RoundAnswerRow,
  RoundMessage,
  NewStepRun,
  StepRun,
  Streak,
  StreakRow,
  UserRef,
  UserStats,
  WeeklySchedule,
} from '../core/store/store.js';

export type Row = Record<string, unknown>;

/** A database that cannot be used; the message is one line, fit to print at start-up. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

export const SQL = {
  roundIsOpen: `SELECT 1 FROM rounds WHERE id = ? AND status = 'open' AND closes_at > ?`,
  upsertUser: `INSERT INTO users (platform, user_id, display_name) VALUES (?, ?, ?)
    ON CONFLICT (platform, user_id) DO UPDATE SET display_name = excluded.display_name RETURNING id`,
  insertAnswer: `INSERT INTO answers (user_ref, scope_id, question_id, section, round_key, round_id, choice, correct, answered_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_ref, question_id, round_key) DO NOTHING`,
  previousAnswer: `SELECT choice, correct FROM answers WHERE user_ref = ? AND question_id = ? AND round_key = ?`,
  setLastAsked: `UPDATE users SET last_question_id = ?, last_asked_at = ? WHERE id = ?`,
  lastAsked: `SELECT last_question_id FROM users WHERE platform = ? AND user_id = ?`,
  questionHistory: `SELECT question_id, COUNT(*) AS answered, SUM(correct) AS correct, MAX(answered_at) AS last
    FROM answers a JOIN users u ON u.id = a.user_ref WHERE u.platform = ? AND u.user_id = ? GROUP BY question_id`,
  sectionStats: `SELECT section, COUNT(*) AS answered, SUM(correct) AS correct
    FROM answers a JOIN users u ON u.id = a.user_ref WHERE u.platform = ? AND u.user_id = ? GROUP BY section ORDER BY section`,
  recentCorrect: `SELECT correct FROM answers a JOIN users u ON u.id = a.user_ref WHERE u.platform = ? AND u.user_id = ?
    ORDER BY answered_at DESC, a.id DESC LIMIT 10000`,
  leaderboard: `SELECT u.platform, u.user_id, u.display_name, SUM(a.correct) AS correct, COUNT(*) AS answered
    FROM answers a JOIN users u ON u.id = a.user_ref
    WHERE a.scope_id = ? AND a.answered_at >= ?
    GROUP BY u.id ORDER BY correct DESC, answered ASC, MIN(a.answered_at) ASC LIMIT ?`,
  getSchedule: `SELECT * FROM weekly_schedules WHERE scope_id = ?`,
  enabledSchedules: `SELECT * FROM weekly_schedules WHERE enabled = 1 ORDER BY scope_id`,
  saveSchedule: `INSERT INTO weekly_schedules (scope_id, platform, channel_id, day, time, time_zone, questions, duration_ms, enabled, updated_at, set_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (scope_id) DO UPDATE SET platform = excluded.platform, channel_id = excluded.channel_id, day = excluded.day,
      time = excluded.time, time_zone = excluded.time_zone, questions = excluded.questions,
      duration_ms = excluded.duration_ms, enabled = excluded.enabled, updated_at = excluded.updated_at, set_by = excluded.set_by`,
  createRound: `INSERT INTO rounds (scope_id, platform, channel_id, slot_key, question_ids, opens_at, closes_at, time_zone, week_key, admin_user_id, status)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') ON CONFLICT (scope_id, slot_key) DO NOTHING RETURNING *`,
  getRound: `SELECT * FROM rounds WHERE id = ?`,
  openRounds: `SELECT * FROM rounds WHERE status = 'open' ORDER BY closes_at, id`,
  roundsAwaitingResults: `SELECT * FROM rounds r WHERE status = 'closed'
    AND NOT EXISTS (SELECT 1 FROM posted_messages m WHERE m.round_id = r.id AND m.message_index = ?) ORDER BY closed_at, id`,
  recentRoundQuestions: `SELECT question_ids FROM rounds WHERE scope_id = ? ORDER BY opens_at DESC, id DESC LIMIT ?`,
  claimRoundMessage: `INSERT INTO posted_messages (round_id, message_index, platform, channel_id, claimed_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (round_id, message_index) DO NOTHING`,
  recordRoundMessage: `UPDATE posted_messages SET message_id = ? WHERE round_id = ? AND message_index = ?`,
  releaseRoundMessage: `DELETE FROM posted_messages WHERE round_id = ? AND message_index = ? AND message_id IS NULL`,
  roundMessages: `SELECT * FROM posted_messages WHERE round_id = ? ORDER BY message_index`,
  /** The status flip is the claim: of any number of closers, one changes the row. */
  closeRound: `UPDATE rounds SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open' RETURNING scope_id`,
  roundParticipants: `SELECT DISTINCT user_ref FROM answers WHERE round_id = ?`,
  readStreak: `SELECT current, best, last_week FROM streaks WHERE scope_id = ? AND user_ref = ?`,
  writeStreak: `INSERT INTO streaks (scope_id, user_ref, current, best, last_week) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (scope_id, user_ref) DO UPDATE SET current = excluded.current, best = excluded.best, last_week = excluded.last_week`,
  roundAnswers: `SELECT u.platform, u.user_id, u.display_name, a.question_id, a.choice, a.correct
    FROM answers a JOIN users u ON u.id = a.user_ref WHERE a.round_id = ? ORDER BY a.answered_at, a.id`,
  streaks: `SELECT u.platform, u.user_id, u.display_name, s.current, s.best, s.last_week
    FROM streaks s JOIN users u ON u.id = s.user_ref WHERE s.scope_id = ? ORDER BY s.current DESC, s.best DESC, u.display_name`,
  streak: `SELECT s.current, s.best, s.last_week FROM streaks s JOIN users u ON u.id = s.user_ref
    WHERE s.scope_id = ? AND u.platform = ? AND u.user_id = ?`,
  /** Inserts the claim, or takes over one that has expired; returns a row only to the winner. */
  claimEvent: `INSERT INTO event_claims (event_key, expires_at) VALUES (?, ?)
    ON CONFLICT (event_key) DO UPDATE SET expires_at = excluded.expires_at WHERE event_claims.expires_at <= ? RETURNING event_key`,
  dropExpiredEvents: `DELETE FROM event_claims WHERE expires_at <= ?`,
  dropExpiredStepRuns: `DELETE FROM step_runs WHERE expires_at <= ?`,
  saveStepRun: `INSERT INTO step_runs (id, trace, source_lines, python, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
  stepRun: `SELECT * FROM step_runs WHERE id = ? AND expires_at > ?`,
} as const;

/** The parameters of SQL.insertAnswer, in order. */
export function answerParams(userRef: number, a: { scopeId: string; questionId: string; section: string; roundKey: string; roundId?: number; choice: number; correct: boolean; answeredAt: number }): unknown[] {
  return [userRef, a.scopeId, a.questionId, a.section, a.roundKey, a.roundId ?? null, a.choice, a.correct ? 1 : 0, a.answeredAt];
}

export function userParams(user: UserRef): unknown[] {
  return [user.platform, user.userId, user.displayName];
}

export function scheduleParams(s: WeeklySchedule): unknown[] {
  return [s.scopeId, s.platform, s.channelId, s.day, s.time, s.timeZone, s.questions, s.durationMs, s.enabled ? 1 : 0, s.updatedAt, s.setBy ?? null];
}

export function roundParams(r: Omit<Round, 'id' | 'status' | 'closedAt'>): unknown[] {
  return [r.scopeId, r.platform, r.channelId, r.slotKey, JSON.stringify(r.questionIds), r.opensAt, r.closesAt, r.timeZone, r.weekKey, r.adminUserId ?? null];
}

export function claimParams(m: Omit<RoundMessage, 'messageId'>, claimedAt: number): unknown[] {
  return [m.roundId, m.index, m.platform, m.channelId, claimedAt];
}

export function toQuestionHistory(r: Row): QuestionHistory {
  return { questionId: String(r.question_id), answered: Number(r.answered), correct: Number(r.correct), lastAnsweredAt: Number(r.last) };
}

/** Totals by section plus the run of correct answers counting back from the latest. */
export function toUserStats(sections: Row[], recent: Row[]): UserStats {
  const bySection = sections.map((r) => ({ section: String(r.section), answered: Number(r.answered), correct: Number(r.correct) }));
  const firstMiss = recent.findIndex((r) => Number(r.correct) !== 1);
  return {
    answered: bySection.reduce((n, s) => n + s.answered, 0),
    correct: bySection.reduce((n, s) => n + s.correct, 0),
    bySection,
    correctInARow: firstMiss === -1 ? recent.length : firstMiss,
  };
}

export function userColumns(r: Row): { platform: Platform; userId: string; displayName: string } {
  return { platform: r.platform as Platform, userId: String(r.user_id), displayName: String(r.display_name) };
}

export function toLeaderboardRow(r: Row): LeaderboardRow {
  return { ...userColumns(r), correct: Number(r.correct), answered: Number(r.answered) };
}

export function toStreak(r: Row): Streak {
  return { current: Number(r.current), best: Number(r.best), lastWeek: String(r.last_week) };
}

export function toStreakRow(r: Row): StreakRow {
  return { ...userColumns(r), ...toStreak(r) };
}

export function toRoundAnswer(r: Row): RoundAnswerRow {
  return { ...userColumns(r), questionId: String(r.question_id), choice: Number(r.choice), correct: Number(r.correct) === 1 };
}

export function toRoundMessage(r: Row): RoundMessage {
  return {
    roundId: Number(r.round_id),
    index: Number(r.message_index),
    platform: r.platform as Platform,
    channelId: String(r.channel_id),
    messageId: (r.message_id as string | null) ?? null,
  };
}

export function toQuestionIds(r: Row): string[] {
  return JSON.parse(String(r.question_ids)) as string[];
}

export function toSchedule(r: Row): WeeklySchedule {
  return {
    scopeId: String(r.scope_id),
    platform: r.platform as Platform,
    channelId: String(r.channel_id),
    day: Number(r.day),
    time: String(r.time),
    timeZone: String(r.time_zone),
    questions: Number(r.questions),
    durationMs: Number(r.duration_ms),
    enabled: Number(r.enabled) === 1,
    updatedAt: Number(r.updated_at),
    ...(r.set_by ? { setBy: String(r.set_by) } : {}),
  };
}

export function toRound(r: Row): Round {
  return {
    id: Number(r.id),
    scopeId: String(r.scope_id),
    platform: r.platform as Platform,
    channelId: String(r.channel_id),
    slotKey: String(r.slot_key),
    questionIds: toQuestionIds(r),
    opensAt: Number(r.opens_at),
    closesAt: Number(r.closes_at),
    timeZone: String(r.time_zone),
    weekKey: String(r.week_key),
    status: r.status === 'closed' ? 'closed' : 'open',
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    ...(r.admin_user_id ? { adminUserId: String(r.admin_user_id) } : {}),
  };
}

/** 6 random bytes as base64url: 8 URL-safe characters, short enough for a button's action id. */
export function newStepRunId(): string {
  return randomBytes(6).toString('base64url');
}

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

/** The parameters of SQL.saveStepRun, in order: the trace deflated (a 300 KB trace shrinks about tenfold). */
export async function stepRunParams(id: string, run: NewStepRun, createdAt: number, expiresAt: number): Promise<unknown[]> {
  const trace = await deflateAsync(JSON.stringify(run.trace));
  return [id, trace, JSON.stringify(run.sourceLines), run.python, createdAt, expiresAt];
}

const sourceLinesSchema = z.array(z.string());

/** A stored run, checked again on the way out: the database is a boundary too. */
export async function toStepRun(r: Row): Promise<StepRun> {
  const trace = stepTraceSchema.parse(JSON.parse((await inflateAsync(r.trace as Uint8Array)).toString('utf8')));
  return {
    id: String(r.id),
    trace,
    sourceLines: sourceLinesSchema.parse(JSON.parse(String(r.source_lines))),
    python: String(r.python),
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
  };
}
