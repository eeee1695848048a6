// The Store contract: what every store implementation must do, run against each of them
// (tests/store/sqlite.test.ts, tests/store/postgres.test.ts). A new store passes this suite.
import { afterEach, describe, expect, it } from 'vitest';
import { RESULTS_MESSAGE_INDEX, STEP_RUN_ID, STEP_RUN_TTL_MS, type AnswerInput, type NewRound, type Store, type Streak, type UserRef, type WeeklySchedule } from '../../src/core/store/store.js';

/** Opens one more connection to the same database (another bot process, in effect). */
export type Connect = () => Promise<Store>;

export interface StoreUnderTest {
  /** A fresh, empty database; every call to the returned function is a new connection to it. */
  freshDatabase(): Promise<Connect>;
}

import { largeTrace, parentChildTrace, PARENT_CHILD_LINES } from '../support/steps.js';

const ada = { platform: 'discord' as const, userId: '42', displayName: 'Ada' };
const bob = { platform: 'slack' as const, userId: 'U7', displayName: 'Bob' };

const answer = (roundKey: string, choice: number, overrides: Partial<AnswerInput> = {}): AnswerInput => ({
  user: ada,
  scopeId: 'g',
  questionId: 'q1',
  section: 'Best Practices',
  roundKey,
  choice,
  correct: choice === 1,
  answeredAt: 1000,
  ...overrides,
});

const newRound = (overrides: Partial<NewRound> = {}): NewRound => ({
  scopeId: 'g',
  platform: 'discord',
  channelId: 'c1',
  slotKey: 'slot:2026-11-23T10:00:00.000Z',
  questionIds: ['q1', 'q2'],
  opensAt: 10_000,
  closesAt: 20_000,
  timeZone: 'UTC',
  weekKey: '2026-W48',
  ...overrides,
});

const bumpStreak = (week: string) => (previous: Streak | undefined): Streak => ({
  current: (previous?.current ?? 0) + 1,
  best: Math.max(previous?.best ?? 0, (previous?.current ?? 0) + 1),
  lastWeek: week,
});

export function describeStoreContract(name: string, subject: StoreUnderTest): void {
  describe(`Store contract: ${name}`, () => {
    const open: Store[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    /** A fresh database and `count` connections to it. */
    async function connections(count: number): Promise<{ stores: Store[]; connect: () => Promise<Store> }> {
      const connectRaw = await subject.freshDatabase();
      const connect = async () => {
        const store = await connectRaw();
        open.push(store);
        return store;
      };
      const stores: Store[] = [];
      for (let i = 0; i < count; i++) stores.push(await connect());
      return { stores, connect };
    }

    const fresh = async () => (await connections(1)).stores[0]!;

    it('keeps data across reopening and migrates only once', async () => {
      const { stores, connect } = await connections(1);
      await stores[0]!.recordAnswer(answer('p:1', 1));
      await stores[0]!.close();
      expect((await (await connect()).userStats(ada)).answered).toBe(1);
    });

    it('keeps the first answer per user, question and round; a later one changes nothing', async () => {
      const store = await fresh();
      expect(await store.recordAnswer(answer('p:1', 1))).toEqual({ status: 'recorded' });
      expect(await store.recordAnswer(answer('p:1', 0))).toEqual({ status: 'duplicate', previous: { choice: 1, correct: true } });
      expect(await store.recordAnswer(answer('p:2', 0))).toEqual({ status: 'recorded' });
      expect((await store.userStats(ada)).answered).toBe(2);
    });

    it('takes one answer from many connections clicking at once (two processes share a database)', async () => {
      const { stores: [a, b] } = await connections(2);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a! : b!).recordAnswer(answer('w:1', i % 2))));
      expect(results.filter((r) => r.status === 'recorded')).toHaveLength(1);
      expect((await a!.userStats(ada)).answered).toBe(1);
    });

    it('remembers the question last asked and refreshes the display name', async () => {
      const store = await fresh();
      expect(await store.lastAsked(ada)).toBeUndefined();
      await store.setLastAsked(ada, 'q7', 5);
      await store.setLastAsked({ ...ada, displayName: 'Ada L.' }, 'q8', 6);
      expect(await store.lastAsked(ada)).toBe('q8');
      await store.recordAnswer(answer('p:1', 1));
      expect((await store.leaderboard('g', undefined, 10))[0]!.displayName).toBe('Ada');
    });

    it('reports history, per-section stats and the run of correct answers from the latest', async () => {
      const store = await fresh();
      await store.recordAnswer(answer('p:1', 0, { answeredAt: 1 }));
      await store.recordAnswer(answer('p:2', 1, { answeredAt: 2 }));
      await store.recordAnswer(answer('p:3', 1, { questionId: 'q2', section: 'Arenas', answeredAt: 3 }));
      await store.recordAnswer(answer('p:4', 1, { questionId: 'q3', section: 'Arenas', answeredAt: 4 }));
      const history = await store.questionHistory(ada);
      expect(history.sort((x, y) => x.questionId.localeCompare(y.questionId))).toEqual([
        { questionId: 'q1', answered: 2, correct: 1, lastAnsweredAt: 2 },
        { questionId: 'q2', answered: 1, correct: 1, lastAnsweredAt: 3 },
        { questionId: 'q3', answered: 1, correct: 1, lastAnsweredAt: 4 },
      ]);
      expect(await store.userStats(ada)).toEqual({
        answered: 4,
        correct: 3,
        bySection: [
          { section: 'Arenas', answered: 2, correct: 2 },
          { section: 'Best Practices', answered: 2, correct: 1 },
        ],
        correctInARow: 3,
      });
      expect(await store.userStats(bob)).toEqual({ answered: 0, correct: 0, bySection: [], correctInARow: 0 });
    });

    it('ranks a scope by correct answers, then fewer answers, counting only since the given instant', async () => {
      const store = await fresh();
      await store.recordAnswer(answer('p:1', 1, { answeredAt: 100 }));
      await store.recordAnswer(answer('p:2', 0, { answeredAt: 200 }));
      await store.recordAnswer(answer('p:1', 1, { user: bob, answeredAt: 300 }));
      await store.recordAnswer(answer('p:1', 1, { user: bob, scopeId: 'other', answeredAt: 300 }));
      expect(await store.leaderboard('g', undefined, 10)).toEqual([
        { ...bob, correct: 1, answered: 1 },
        { ...ada, correct: 1, answered: 2 },
      ]);
      expect(await store.leaderboard('g', 150, 10)).toEqual([
        { ...bob, correct: 1, answered: 1 },
        { ...ada, correct: 0, answered: 1 },
      ]);
      expect(await store.leaderboard('g', undefined, 1)).toHaveLength(1);
    });

    it('saves, replaces and lists weekly schedules', async () => {
      const store = await fresh();
      const schedule: WeeklySchedule = {
        scopeId: 'g',
        platform: 'discord',
        channelId: 'c1',
        day: 1,
        time: '10:00',
        timeZone: 'Europe/Paris',
        questions: 5,
        durationMs: 86_400_000,
        enabled: true,
        updatedAt: 1_764_000_000_000,
        setBy: 'U0ADMIN',
      };
      await store.saveSchedule(schedule);
      await store.saveSchedule({ ...schedule, scopeId: 'h', enabled: false });
      expect(await store.getSchedule('g')).toEqual(schedule);
      expect(await store.getSchedule('nope')).toBeUndefined();
      expect(await store.enabledSchedules()).toEqual([schedule]);
      await store.saveSchedule({ ...schedule, time: '18:30', enabled: false });
      expect(await store.getSchedule('g')).toEqual({ ...schedule, time: '18:30', enabled: false });
      expect(await store.enabledSchedules()).toEqual([]);
    });

    it('creates one round per scope and slot, and lists open rounds and recent questions', async () => {
      const store = await fresh();
      const round = (await store.createRound(newRound({ adminUserId: 'U0ADMIN' })))!;
      expect(round).toEqual({ ...newRound(), adminUserId: 'U0ADMIN', id: round.id, status: 'open', closedAt: null });
      expect(await store.createRound(newRound({ questionIds: ['q9'] }))).toBeUndefined();
      const later = (await store.createRound(newRound({ slotKey: 'now:1', questionIds: ['q3'], opensAt: 30_000, closesAt: 15_000 })))!;
      expect(await store.getRound(round.id)).toEqual(round);
      expect(await store.getRound(9999)).toBeUndefined();
      expect((await store.openRounds()).map((r) => r.id)).toEqual([later.id, round.id]);
      expect(await store.recentRoundQuestions('g', 1)).toEqual(['q3']);
      expect(await store.recentRoundQuestions('g', 5)).toEqual(['q3', 'q1', 'q2']);
    });

    it('takes weekly answers only while the round is open, and closes it once with streaks', async () => {
      const store = await fresh();
      const round = (await store.createRound(newRound()))!;
      const weekly = (user: UserRef, choice: number, answeredAt: number) =>
        store.recordAnswer(answer(`w:${round.id}`, choice, { user, roundId: round.id, answeredAt }));
      expect(await weekly(ada, 1, 15_000)).toEqual({ status: 'recorded' });
      expect(await weekly(bob, 0, 16_000)).toEqual({ status: 'recorded' });
      expect(await weekly({ ...ada, userId: 'late' }, 1, 20_000)).toEqual({ status: 'round-closed' });

      expect(await store.closeRound(round.id, 20_001, bumpStreak('2026-W48'))).toBe(true);
      expect(await store.closeRound(round.id, 20_002, bumpStreak('2026-W48'))).toBe(false);
      expect(await store.getRound(round.id)).toMatchObject({ status: 'closed', closedAt: 20_001 });
      expect(await store.openRounds()).toEqual([]);
      expect(await weekly({ ...ada, userId: 'after' }, 1, 19_000)).toEqual({ status: 'round-closed' });

      expect(await store.roundAnswers(round.id)).toEqual([
        { ...ada, questionId: 'q1', choice: 1, correct: true },
        { ...bob, questionId: 'q1', choice: 0, correct: false },
      ]);
      expect(await store.streak('g', ada)).toEqual({ current: 1, best: 1, lastWeek: '2026-W48' });
      const next = (await store.createRound(newRound({ slotKey: 'slot:next', weekKey: '2026-W49', opensAt: 30_000, closesAt: 40_000 })))!;
      await store.recordAnswer(answer(`w:${next.id}`, 1, { roundId: next.id, answeredAt: 35_000 }));
      await store.closeRound(next.id, 40_000, bumpStreak('2026-W49'));
      expect(await store.streaks('g')).toEqual([
        { ...ada, current: 2, best: 2, lastWeek: '2026-W49' },
        { ...bob, current: 1, best: 1, lastWeek: '2026-W48' },
      ]);
      expect(await store.streak('other', ada)).toBeUndefined();
    });

    it('claims each round message once, gives back a failed claim, keeps a posted one', async () => {
      const store = await fresh();
      const round = (await store.createRound(newRound()))!;
      const message = { roundId: round.id, index: 0, platform: 'discord' as const, channelId: 'c1' };
      expect(await store.claimRoundMessage(message)).toBe(true);
      expect(await store.claimRoundMessage(message)).toBe(false);
      await store.releaseRoundMessage(round.id, 0);
      expect(await store.claimRoundMessage(message)).toBe(true);
      await store.recordRoundMessage(round.id, 0, 'm-1');
      await store.releaseRoundMessage(round.id, 0);
      expect(await store.claimRoundMessage(message)).toBe(false);
      expect(await store.roundMessages(round.id)).toEqual([{ ...message, messageId: 'm-1' }]);

      await store.closeRound(round.id, 20_000, bumpStreak('2026-W48'));
      expect((await store.roundsAwaitingResults()).map((r) => r.id)).toEqual([round.id]);
      expect(await store.claimRoundMessage({ ...message, index: RESULTS_MESSAGE_INDEX })).toBe(true);
      expect(await store.roundsAwaitingResults()).toEqual([]);
    });

    it('claims an event once until its claim expires; other events are independent', async () => {
      const store = await fresh();
      expect(await store.claimEvent('slack:Ev1', 60_000, 1000)).toBe(true);
      expect(await store.claimEvent('slack:Ev1', 60_000, 2000)).toBe(false);
      expect(await store.claimEvent('slack:Ev2', 60_000, 2000)).toBe(true);
      expect(await store.claimEvent('slack:Ev1', 60_000, 60_999)).toBe(false);
      expect(await store.claimEvent('slack:Ev1', 60_000, 61_000)).toBe(true);
      expect(await store.claimEvent('slack:Ev1', 60_000, 62_000)).toBe(false);
    });

    it('gives every claim to exactly one of two connections racing for it', async () => {
      const { stores } = await connections(2);
      const race = async (claim: (store: Store, i: number) => Promise<boolean>) => {
        const wins = await Promise.all(Array.from({ length: 16 }, (_, i) => claim(stores[i % 2]!, i)));
        return wins.filter(Boolean).length;
      };
      const rounds = await Promise.all(Array.from({ length: 8 }, (_, i) => stores[i % 2]!.createRound(newRound())));
      expect(rounds.filter(Boolean)).toHaveLength(1);
      const round = rounds.find(Boolean)!;
      expect(await race((s) => s.claimRoundMessage({ roundId: round.id, index: 0, platform: 'discord', channelId: 'c1' }))).toBe(1);
      expect(await race((s, i) => s.closeRound(round.id, 20_000 + i, bumpStreak('2026-W48')))).toBe(1);
      expect(await race((s) => s.claimEvent('slack:EvRace', 60_000))).toBe(1);
    });
  
    it('keeps a step run for 24 hours under a short URL-safe id, for any connection', async () => {
      const { stores } = await connections(2);
      const run = { trace: parentChildTrace(), sourceLines: PARENT_CHILD_LINES, python: '3.14.0' };
      const id = await stores[0]!.saveStepRun(run, 1000);
      expect(id).toMatch(STEP_RUN_ID);
      expect(id.length).toBeLessThanOrEqual(10);
      expect(await stores[1]!.stepRun(id, 2000)).toEqual({ ...run, id, createdAt: 1000, expiresAt: 1000 + STEP_RUN_TTL_MS });
      expect(await stores[1]!.stepRun(id, 1000 + STEP_RUN_TTL_MS - 1)).toBeDefined();
      expect(await stores[1]!.stepRun(id, 1000 + STEP_RUN_TTL_MS)).toBeUndefined();
      expect(await stores[0]!.saveStepRun(run, 1000)).not.toBe(id);
    });

    it('answers undefined for an unknown or malformed step run id', async () => {
      const store = await fresh();
      await store.saveStepRun({ trace: parentChildTrace(), sourceLines: [], python: '3.14.0' }, 1000);
      for (const id of ['AAAAAAAA', '', '../../etc', 'x'.repeat(11), "a' OR 1=1"]) expect(await store.stepRun(id, 2000)).toBeUndefined();
    });

    it('prunes expired step runs when saving, and round-trips a trace at the sandbox\'s size cap', async () => {
      const store = await fresh();
      const old = await store.saveStepRun({ trace: parentChildTrace(), sourceLines: ['x = 1'], python: '3.14.0' }, 1000);
      const large = { trace: largeTrace(), sourceLines: PARENT_CHILD_LINES, python: '3.14.0' };
      const id = await store.saveStepRun(large, 1000 + STEP_RUN_TTL_MS);
      // Looked up "before" it expired, the pruned run is gone all the same: its row was deleted.
      expect(await store.stepRun(old, 2000)).toBeUndefined();
      expect((await store.stepRun(id, 2000 + STEP_RUN_TTL_MS))?.trace).toEqual(large.trace);
    });
  });
}
