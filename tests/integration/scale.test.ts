// The whole scaled-out deployment with real engines: one PostgreSQL (store and job queue), two bot
// processes (`memtutor start`, one Discord shard each, against the sharding Discord stand-in) and
// two sandbox workers (`memtutor sandbox-worker`, real Pyodide). Many users send memory checks and
// answer quizzes through both bots while one worker is SIGKILLed mid-load and one bot is restarted.
// Every check must be answered exactly once, every quiz answer counted once, and the weekly round
// both bots schedule posted once and closed once.
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { latestSlot } from '../../src/core/quiz/scheduler.js';
import { openStore } from '../../src/store/index.js';
import { spawnBot, type BotProcess } from '../support/bot-process.js';
import { tempDatabasePath } from '../support/core.js';
import { buttonsOf, click, embedsOf, textOf, visibleAnswer, slash, submitModal } from '../support/discord-stand-in/harness.js';
import { DiscordStandIn, type InteractionHandle } from '../support/discord-stand-in/server.js';
import { startTestPostgres } from '../support/postgres.js';
import { exitOf, liveWorkers, queryOnce, spawnWorkerProcess, waitFor } from '../support/queue.js';

const USERS = 50;
/** Checks per user, one after another (a user may have one check at a time): 200 in all. */
const CHECKS_PER_USER = 4;
const GUILDS = 4;
const ROUND_QUESTIONS = 2;
/** The weekly round closes this long after the test starts: after the answers, before the end. */
const ROUND_OPEN_MS = 45_000;
const EPHEMERAL = 64;

const server = await startTestPostgres();
const skipped = 'skipped' in server;
if (skipped) console.warn(server.skipped);
afterAll(async () => {
  if (!skipped) await server.stop();
});

interface User {
  userId: string;
  username: string;
  guildId: string;
}

/** A distinct program per check, and the one line it prints. */
const program = (user: number, k: number) => ({ code: `xs = list(range(${user * 10 + k}))\nprint('sum', sum(xs))`, output: `sum ${((user * 10 + k) * (user * 10 + k - 1)) / 2}` });

describe.skipIf(skipped)('2 bots + 2 sandbox workers + 1 PostgreSQL', () => {
  it('answers every check once, counts every quiz answer once, and runs the weekly round once', async () => {
    const running = server as Exclude<typeof server, { skipped: string }>;
    const url = await running.createDatabase();
    // A wider interaction window than Discord's 3 s: this test is about delivery across processes,
    // and the full suite may run beside it on two cores (the window has its own tests).
    const standIn = await DiscordStandIn.start({ guilds: GUILDS, shards: 2, interactionWindowMs: 15_000 });
    const weekly = await scheduleRoundNow(url, standIn);
    const users: User[] = Array.from({ length: USERS }, (_, i) => ({ userId: String(100000000000000100n + BigInt(i)), username: `user${i}`, guildId: standIn.guilds[i % GUILDS]!.id }));
    const shardOf = (user: User) => DiscordStandIn.shardOf(user.guildId, 2);

    const workers = [spawnWorkerProcess(url), spawnWorkerProcess(url)];
    const botEnv = (shard: number) => ({
      DISCORD_TOKEN: standIn.token,
      DISCORD_APP_ID: standIn.appId,
      DISCORD_API_BASE: standIn.apiBase,
      DATABASE_URL: url,
      DATABASE_PATH: tempDatabasePath(),
      SANDBOX_QUEUE: 'postgres',
      SANDBOX_QUEUE_LIMIT: '1000',
      DISCORD_SHARDS: String(shard),
      DISCORD_SHARD_COUNT: '2',
    });
    const bots: BotProcess[] = [spawnBot(botEnv(0)), spawnBot(botEnv(1))];
    const handles: Array<{ handle: InteractionHandle; output: string }> = [];
    try {
      await Promise.all(bots.map((b) => b.loggedIn));
      await waitFor(async () => (await liveWorkers(url)) === 2, 'both sandbox workers', 60_000);

      // The weekly round: both schedulers race for it; answers from ten users on its questions.
      const questions = await waitFor(async () => standIn.messagesIn(weekly.channelId).length >= ROUND_QUESTIONS && [...standIn.messagesIn(weekly.channelId)], 'the round to be posted');
      const roundVoters = users.filter((u) => u.guildId === weekly.guildId).slice(0, 10);
      const roundAnswers = await Promise.all(roundVoters.flatMap((u) => questions.slice(0, ROUND_QUESTIONS).map((q) => visibleAnswer(click(standIn, q, buttonsOf(q)[0]!.custom_id, u)))));
      for (const answer of roundAnswers) expect(embedsOf(answer)[0]!.title).toBe('Answer recorded');

      // Wave 1: half the checks and a quiz answer from every user, through both bots; a worker dies mid-wave.
      const wave1 = Promise.all(users.map((u, i) => checksInTurn(standIn, u, i, [0, 1], handles)));
      await waitFor(async () => handles.filter((h) => h.handle.events.length >= 2).length >= 40 && true, 'forty checks answered');
      const victim = await waitFor(() => workerHoldingAJob(url, workers), 'a worker holding a job');
      victim.kill('SIGKILL');
      await exitOf(victim);
      await wave1;
      await Promise.all(users.map((u) => answerPracticeQuiz(standIn, u)));

      // Bot 1 restarts while shard 0's users keep checking through bot 0; then shard 1's users check again.
      const shard0 = users.filter((u) => shardOf(u) === 0);
      const shard1 = users.filter((u) => shardOf(u) === 1);
      const wave2a = Promise.all(shard0.map((u) => checksInTurn(standIn, u, users.indexOf(u), [2, 3], handles)));
      expect(await bots[1]!.stop()).toBe(0);
      bots[1] = spawnBot(botEnv(1));
      await bots[1].loggedIn;
      await Promise.all([wave2a, ...shard1.map((u) => checksInTurn(standIn, u, users.indexOf(u), [2, 3], handles))]);

      // Every check answered exactly once: a deferral, then one edit carrying its own program's output.
      expect(handles).toHaveLength(USERS * CHECKS_PER_USER);
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const { handle, output } of handles) {
        expect(handle.events.map((e) => e.kind)).toEqual(['callback', 'edit']);
        const report = handle.events[1]!;
        const text = textOf(report.data as Record<string, unknown>);
        expect(text, text).toContain('Ran fine');
        expect(text).toContain(`\n${output}\n`);
      }
      expect(standIn.rejections.filter((r) => (r.body as { code?: number }).code === 40060)).toEqual([]);
      expect(await count(url, 'SELECT count(*)::int AS n FROM memtutor_memcheck_requests')).toBe(0);

      // Quiz answers: one per user for the practice question, ten per round question; none twice.
      expect(await count(url, "SELECT count(*)::int AS n FROM answers WHERE round_id IS NULL")).toBe(USERS);
      expect(await count(url, 'SELECT count(*)::int AS n FROM answers WHERE round_id IS NOT NULL')).toBe(roundVoters.length * ROUND_QUESTIONS);

      // The weekly round: one round, closed once, its questions posted once and closed in place, results once.
      // Channel posts only: the answers' private feedback is stored in the channel too.
      const channelPosts = () => standIn.messagesIn(weekly.channelId).filter((m) => !(m.flags & EPHEMERAL));
      await waitFor(async () => (await count(url, "SELECT count(*)::int AS n FROM rounds WHERE status = 'closed'")) === 1 && channelPosts().length > ROUND_QUESTIONS, 'the round to close', 60_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await count(url, 'SELECT count(*)::int AS n FROM rounds')).toBe(1);
      const posted = channelPosts();
      expect(posted).toHaveLength(ROUND_QUESTIONS + 1);
      for (const question of posted.slice(0, ROUND_QUESTIONS)) {
        expect(question.edits).toBe(1);
        expect(buttonsOf(question).every((b) => b.disabled)).toBe(true);
      }
      expect(textOf(posted[ROUND_QUESTIONS]!)).toMatch(/user\d+/);
    } finally {
      const codes = await Promise.all(bots.map((b) => b.stop()));
      const survivor = workers.find((w) => w.exitCode === null && w.signalCode === null)!;
      survivor.kill('SIGTERM');
      const workerCode = await exitOf(survivor);
      await standIn.close();
      expect(codes).toEqual([0, 0]);
      expect(workerCode).toBe(0);
    }
  }, 150_000);
});

/** One user's checks, one after another, each through the modal. */
async function checksInTurn(standIn: DiscordStandIn, user: User, index: number, ks: number[], handles: Array<{ handle: InteractionHandle; output: string }>): Promise<void> {
  for (const k of ks) {
    const { code, output } = program(index, k);
    const handle = submitModal(standIn, 'memcheck-modal', { code }, user);
    handles.push({ handle, output });
    await handle.nth(1, 60_000);
  }
}

/** /quiz, then a click on its first answer: the feedback says it was recorded. */
async function answerPracticeQuiz(standIn: DiscordStandIn, user: User): Promise<void> {
  const asked = slash(standIn, 'quiz', [], user);
  await visibleAnswer(asked);
  const choice = buttonsOf(asked.original!).find((b) => b.custom_id.startsWith('quiz:answer:'))!;
  const feedback = await visibleAnswer(click(standIn, asked.original!, choice.custom_id, user));
  expect(embedsOf(feedback)[0]!.title).toMatch(/^(Right!|Not quite)$/);
}

/** A weekly schedule whose slot is the current minute and whose round closes ROUND_OPEN_MS from now. */
async function scheduleRoundNow(url: string, standIn: DiscordStandIn): Promise<{ guildId: string; channelId: string }> {
  const now = new Date();
  const schedule = {
    scopeId: standIn.guild.id,
    platform: 'discord' as const,
    channelId: standIn.secondChannelId,
    day: now.getUTCDay(),
    time: `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`,
    timeZone: 'UTC',
    questions: ROUND_QUESTIONS,
    durationMs: 0,
    enabled: true,
    updatedAt: 0,
  };
  const slot = latestSlot(schedule, now.getTime())!;
  const store = await openStore({ DATABASE_URL: url, DATABASE_PATH: tempDatabasePath() });
  await store.saveSchedule({ ...schedule, updatedAt: slot, durationMs: now.getTime() - slot + ROUND_OPEN_MS });
  await store.close();
  return { guildId: standIn.guild.id, channelId: standIn.secondChannelId };
}

/** The worker process that has a job locked right now (its heartbeat names its pid). */
async function workerHoldingAJob(url: string, workers: ChildProcess[]): Promise<ChildProcess | undefined> {
  const rows = await queryOnce<{ label: string }>(
    url,
    'SELECT w.label FROM memtutor_sandbox_workers w JOIN graphile_worker.jobs j ON j.locked_by = ANY(w.worker_ids)',
  );
  const pids = rows.map((r) => Number(r.label.split(':').pop()));
  return workers.find((w) => pids.includes(w.pid!));
}

async function count(url: string, sql: string): Promise<number> {
  return (await queryOnce<{ n: number }>(url, sql))[0]!.n;
}
