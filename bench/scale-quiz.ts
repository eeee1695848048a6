// Quiz answers per second through each store: the same clicks through the real router, once on a
// SQLite file and once on a throwaway PostgreSQL server. Weekly answers take the store's round
// lock, so they are also sent 16 at a time, as many users clicking at once would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/app.js';
import type { Core } from '../src/core/index.js';
import type { Caller } from '../src/core/messages.js';
import type { Clock } from '../src/core/quiz/clock.js';
import { createLogger } from '../src/logger.js';
import { startTestPostgres, type TestPostgres } from '../tests/support/postgres.js';

const USERS = 200;
const PRACTICE_PER_USER = 5;
const CONCURRENCY = 16;

const caller = (i: number, scopeId = 'bench'): Caller => ({ platform: 'discord', userId: `u${i}`, displayName: `user ${i}`, isAdmin: i === 0, scopeId, channelId: 'c' });

/** Runs `jobs` with at most `concurrency` in flight; the achieved rate and per-job latency. */
async function throughput(jobs: Array<() => Promise<unknown>>, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    for (let job = jobs[next++]; job; job = jobs[next++]) {
      const start = performance.now();
      await job();
      latencies.push(performance.now() - start);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(3));
  return { answers: jobs.length, inFlight: concurrency, perSecond: Math.round(jobs.length / seconds), p50Ms: at(0.5), p95Ms: at(0.95) };
}

/** One weekly answer per user and question of a fresh round (one open round per scope), as jobs. */
async function weeklyAnswerJobs(core: Core, scopeId: string): Promise<Array<() => Promise<unknown>>> {
  await core.router.handleText('/weekly now questions:5 duration:1h', caller(0, scopeId));
  const round = (await core.services.store.openRounds()).find((r) => r.scopeId === scopeId)!;
  return Array.from({ length: USERS }, (_, u) => round.questionIds.map((q) => () => core.router.handleAction(`quiz:answer:w${round.id}:${q}:${u % 2}`, caller(u, scopeId)))).flat();
}

/** Practice: each user asks with /quiz and clicks an answer, users in parallel. */
function practiceJobs(core: Core): Array<() => Promise<unknown>> {
  return Array.from({ length: USERS }, (_, u) => async () => {
    for (let q = 0; q < PRACTICE_PER_USER; q++) {
      const asked = await core.router.handleText('/quiz', caller(u));
      await core.router.handleAction(asked.buttons![q % asked.buttons!.length]!.action, caller(u));
    }
  });
}

async function measure(env: NodeJS.ProcessEnv) {
  const now = Date.parse('2026-11-23T10:00:00Z');
  const clock: Clock = { now: () => now, setTimer: () => () => {} };
  const core = await createApp(loadConfig(env), createLogger('silent'), { clock });
  let posts = 0;
  core.services.outbox.register('discord', {
    post: async (channelId: string) => ({ platform: 'discord', channelId, messageId: String(++posts) }),
    update: async () => {},
  });
  try {
    const weeklyOneAtATime = await throughput(await weeklyAnswerJobs(core, 'weekly-1'), 1);
    const weeklyConcurrent = await throughput(await weeklyAnswerJobs(core, 'weekly-2'), CONCURRENCY);
    // Each practice job is one user's five ask-and-answer turns: latencies are per user.
    const { perSecond, p50Ms, p95Ms } = await throughput(practiceJobs(core), CONCURRENCY);
    const practiceAskAndAnswer = { answers: USERS * PRACTICE_PER_USER, inFlight: CONCURRENCY, perSecond: perSecond * PRACTICE_PER_USER, perUserP50Ms: p50Ms, perUserP95Ms: p95Ms };
    return { weeklyOneAtATime, weeklyConcurrent, practiceAskAndAnswer };
  } finally {
    await core.close();
  }
}

/**
 * PostgreSQL durable per commit (its default), and with synchronous_commit=off, a per-connection
 * setting an operator may choose: a crash can lose the last moments of answers, never corrupt them.
 */
async function measurePostgres(server: TestPostgres) {
  const durable = await measure({ DATABASE_URL: await server.createDatabase() });
  const asyncCommit = new URL(await server.createDatabase());
  asyncCommit.searchParams.set('options', '-c synchronous_commit=off');
  return { durable, synchronousCommitOff: await measure({ DATABASE_URL: asyncCommit.toString() }) };
}

export async function runQuizScaleBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'memtutor-bench-scale-'));
  // fsync on, as in production (the test servers skip it for speed).
  const server = await startTestPostgres({ durable: true });
  try {
    const sqlite = await measure({ DATABASE_PATH: path.join(dir, 'bench.db') });
    const postgres = 'skipped' in server ? { skipped: server.skipped } : await measurePostgres(server);
    return {
      users: USERS,
      sqlite,
      postgres,
      postgresServer: 'local throwaway PostgreSQL over loopback TCP, fsync on, same 2-core machine',
    };
  } finally {
    if (!('skipped' in server)) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
