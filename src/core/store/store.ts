// What the core needs from persistent storage. Platform-free and driver-free: SQLite
// (src/store/sqlite.ts) and PostgreSQL (src/store/postgres.ts) implement it behind the same promises,
// opened by openStore in src/store/index.ts. Every claim (round messages, round closes, events) is
// atomic across processes sharing a database.
import type { StepTrace } from '../memcheck/report.js';
import type { Platform } from '../messages.js';

/** A chat user; identity is platform + userId, the display name is refreshed on every answer. */
export interface UserRef {
  platform: Platform;
  userId: string;
  displayName: string;
}

export interface AnswerInput {
  user: UserRef;
  scopeId: string;
  questionId: string;
  section: string;
  /** `p:<ask>` for a practice question, `w:<roundId>` for a weekly round. */
  roundKey: string;
  /** Set for weekly answers: the answer is only taken while that round is open. */
  roundId?: number;
  choice: number;
  correct: boolean;
  answeredAt: number;
}

export interface StoredAnswer {
  choice: number;
  correct: boolean;
}

export type RecordAnswerResult =
  | { status: 'recorded' }
  /** One answer per user, question and round: a later click changes nothing. */
  | { status: 'duplicate'; previous: StoredAnswer }
  | { status: 'round-closed' };

export interface QuestionHistory {
  questionId: string;
  answered: number;
  correct: number;
  lastAnsweredAt: number;
}

export interface SectionStats {
  section: string;
  answered: number;
  correct: number;
}

export interface UserStats {
  answered: number;
  correct: number;
  bySection: SectionStats[];
  /** Correct answers in a row, counting back from the latest. */
  correctInARow: number;
}

export interface LeaderboardRow {
  platform: Platform;
  userId: string;
  displayName: string;
  correct: number;
  answered: number;
}

export interface WeeklySchedule {
  scopeId: string;
  platform: Platform;
  channelId: string;
  /** 0 = Sunday … 6 = Saturday, as in cron. */
  day: number;
  /** `HH:MM`, 24-hour, in `timeZone`. */
  time: string;
  timeZone: string;
  questions: number;
  durationMs: number;
  enabled: boolean;
  /** Slots before this instant are never posted (the schedule did not exist yet). */
  updatedAt: number;
  /** The admin who set it: told if its channel stops taking posts. */
  setBy?: string;
}

export interface NewRound {
  scopeId: string;
  platform: Platform;
  channelId: string;
  /** Unique per scope: the cron slot (`slot:<ISO>`) or `now:<ms>` for a manual round. */
  slotKey: string;
  questionIds: string[];
  opensAt: number;
  closesAt: number;
  timeZone: string;
  weekKey: string;
  /** Who to tell if the round cannot be posted (the schedule's admin, or whoever ran /weekly now). */
  adminUserId?: string;
}

export interface Round extends NewRound {
  id: number;
  status: 'open' | 'closed';
  closedAt: number | null;
}

/** A message posted for a round: questions by index, results as index -1. */
export interface RoundMessage {
  roundId: number;
  index: number;
  platform: Platform;
  channelId: string;
  messageId: string | null;
}

export const RESULTS_MESSAGE_INDEX = -1;

export interface Streak {
  current: number;
  best: number;
  /** The week key of the latest week with a weekly answer. */
  lastWeek: string;
}

export interface StreakRow extends Streak {
  platform: Platform;
  userId: string;
  displayName: string;
}

export interface RoundAnswerRow {
  platform: Platform;
  userId: string;
  displayName: string;
  questionId: string;
  choice: number;
  correct: boolean;
}

/** How long a step-through stays available after its check ran. */
export const STEP_RUN_TTL_MS = 24 * 60 * 60 * 1000;

/** A checked program's step-through trace, kept so the step buttons work after a restart. */
export interface NewStepRun {
  trace: StepTrace;
  /** The program, line by line: each step shows the source of its line. */
  sourceLines: string[];
  python: string;
}

/** What a step run id looks like; anything else is not looked up. */
export const STEP_RUN_ID = /^[A-Za-z0-9_-]{1,10}$/;

export interface StepRun extends NewStepRun {
  /** Short, random and URL-safe (≤ 10 characters): it travels in button action ids. */
  id: string;
  createdAt: number;
  expiresAt: number;
}

export interface Store {
  recordAnswer(answer: AnswerInput): Promise<RecordAnswerResult>;
  /** Remembers the question last shown to a user, so the next one differs. */
  setLastAsked(user: UserRef, questionId: string, at: number): Promise<void>;
  lastAsked(user: UserRef): Promise<string | undefined>;
  questionHistory(user: UserRef): Promise<QuestionHistory[]>;
  userStats(user: UserRef): Promise<UserStats>;
  /** Most correct answers first, in a scope, since an instant (or ever). */
  leaderboard(scopeId: string, since: number | undefined, limit: number): Promise<LeaderboardRow[]>;

  getSchedule(scopeId: string): Promise<WeeklySchedule | undefined>;
  enabledSchedules(): Promise<WeeklySchedule[]>;
  saveSchedule(schedule: WeeklySchedule): Promise<void>;

  /** Creates a round unless one exists for the same scope and slot (then undefined). */
  createRound(round: NewRound): Promise<Round | undefined>;
  getRound(id: number): Promise<Round | undefined>;
  openRounds(): Promise<Round[]>;
  /** Closed rounds whose results message has not been claimed yet. */
  roundsAwaitingResults(): Promise<Round[]>;
  /** Question ids of a scope's latest rounds, newest first, to vary the next round. */
  recentRoundQuestions(scopeId: string, rounds: number): Promise<string[]>;
  /** Claims the right to post one message of a round; false if it was claimed before. */
  claimRoundMessage(message: Omit<RoundMessage, 'messageId'>): Promise<boolean>;
  recordRoundMessage(roundId: number, index: number, messageId: string): Promise<void>;
  /** Gives back a claim whose post failed, so the next tick tries again. */
  releaseRoundMessage(roundId: number, index: number): Promise<void>;
  roundMessages(roundId: number): Promise<RoundMessage[]>;
  /**
   * Closes an open round and updates the streak of everyone who answered in it, in one
   * transaction. False if the round was already closed.
   */
  closeRound(roundId: number, closedAt: number, nextStreak: (previous: Streak | undefined) => Streak): Promise<boolean>;
  roundAnswers(roundId: number): Promise<RoundAnswerRow[]>;
  streaks(scopeId: string): Promise<StreakRow[]>;
  streak(scopeId: string, user: UserRef): Promise<Streak | undefined>;

  /**
   * Claims a platform event (a Slack event id, a retried delivery) for `ttlMs` from `now`: true
   * for exactly one caller across every process on the same database, false for the rest until
   * the claim expires.
   */
  claimEvent(key: string, ttlMs: number, now?: number): Promise<boolean>;

  /** Saves a run for STEP_RUN_TTL_MS from `now` and returns its new id; expired runs are pruned on the way. */
  saveStepRun(run: NewStepRun, now?: number): Promise<string>;
  /** The run, unless its id is unknown or it has expired by `now`. */
  stepRun(id: string, now?: number): Promise<StepRun | undefined>;

  /** Async so a store behind a network connection can drain and disconnect. */
  close(): Promise<void>;
}
