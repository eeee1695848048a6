// Quiz store benchmark on a real SQLite file: answers recorded through the router (the full
// click path), duplicate clicks, leaderboard queries, and closing a weekly round with its results.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/app.js';
import type { Caller, Reply } from '../src/core/messages.js';
import type { Clock } from '../src/core/quiz/clock.js';
import { createLogger } from '../src/logger.js';

const USERS = 200;
const QUESTIONS_PER_USER = 25;

function percentile(sorted: number[], p: number): number {
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));
}

async function timed<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  samples.push(performance.now() - start);
  return result;
}

export async function runQuizBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'memtutor-bench-quiz-'));
  let now = Date.parse('2026-11-23T10:00:00Z');
  const clock: Clock = { now: () => now, setTimer: () => () => {} };
  const core = await createApp(loadConfig({ DATABASE_PATH: path.join(dir, 'bench.db') }), createLogger('silent'), { clock });
  let posts = 0;
  core.services.outbox.register('discord', {
    post: async (channelId: string) => ({ platform: 'discord', channelId, messageId: String(++posts) }),
    update: async () => {},
  });
  const caller = (i: number): Caller => ({ platform: 'discord', userId: `u${i}`, displayName: `user ${i}`, isAdmin: i === 0, scopeId: 'bench', channelId: 'c' });
  try {
    const ask: number[] = [];
    const answer: number[] = [];
    const duplicate: number[] = [];
    for (let q = 0; q < QUESTIONS_PER_USER; q++) {
      for (let u = 0; u < USERS; u++) {
        const asked: Reply = await timed(ask, () => core.router.handleText('/quiz', caller(u)));
        const action = asked.buttons![(u + q) % asked.buttons!.length]!.action;
        await timed(answer, () => core.router.handleAction(action, caller(u)));
        if (u % 10 === 0) await timed(duplicate, () => core.router.handleAction(action, caller(u)));
        now += 1000;
      }
    }
    const leaderboard: number[] = [];
    for (let i = 0; i < 50; i++) await timed(leaderboard, () => core.router.handleText(i % 2 ? '/leaderboard all' : '/leaderboard week', caller(1)));

    await core.router.handleText('/weekly now questions:5 duration:1h', caller(0));
    const round = (await core.services.store.openRounds())[0]!;
    for (let u = 0; u < USERS; u++) {
      for (const questionId of round.questionIds) await core.router.handleAction(`quiz:answer:w${round.id}:${questionId}:${u % 2}`, caller(u));
    }
    now = round.closesAt;
    const closeStart = performance.now();
    await core.services.quiz.rounds.closeIfDue(round);
    const closeMs = performance.now() - closeStart;

    const sort = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const summary = (xs: number[]) => ({ count: xs.length, p50Ms: percentile(sort(xs), 50), p95Ms: percentile(sort(xs), 95), maxMs: percentile(sort(xs), 100) });
    return {
      answersStored: USERS * QUESTIONS_PER_USER + USERS * round.questionIds.length,
      askQuestion: summary(ask),
      recordAnswer: summary(answer),
      duplicateClick: summary(duplicate),
      leaderboard: summary(leaderboard),
      closeRoundWithResults: { participants: USERS, questions: round.questionIds.length, ms: Number(closeMs.toFixed(3)) },
    };
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
