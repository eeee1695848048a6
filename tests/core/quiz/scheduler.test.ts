// The weekly quiz on a fake clock: real core, real SQLite file, a poster that records posts.
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/index.js';
import type { Caller } from '../../../src/core/messages.js';
import { RESULTS_BODY_BUDGET } from '../../../src/core/quiz/rounds.js';
import { RETRY_MS } from '../../../src/core/quiz/scheduler.js';
import { tempDatabasePath, testCaller, testCore } from '../../support/core.js';
import { FakeClock, quizCore, RecordingPoster, type PostedRecord } from '../../support/quiz.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const admin = testCaller({ platform: 'discord', userId: 'admin', displayName: 'Admin', isAdmin: true, scopeId: 'g1', channelId: 'general' });
const member = (name: string): Caller => testCaller({ platform: 'discord', userId: name.toLowerCase(), displayName: name, scopeId: 'g1', channelId: 'study' });
const SET = '/weekly set channel:<#study> day:fri time:17:00 tz:Europe/Berlin questions:2 duration:24h';

const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
});

/** Starts a core (a bot process) on `databasePath`, with a recording Discord poster. */
async function startBot(clock: FakeClock, databasePath: string, poster = new RecordingPoster()) {
  const core = await quizCore({ clock, databasePath });
  cores.push(core);
  clock.settle = () => Promise.all(cores.map((c) => c.services.quiz.scheduler.idle())).then(() => undefined);
  core.services.outbox.register('discord', poster);
  await clock.settle();
  return { core, poster };
}

async function stopBot(core: Core) {
  cores.splice(cores.indexOf(core), 1);
  await core.close();
}

/** Clicks choice `correct ? answer : another` on a posted question. */
async function click(core: Core, post: PostedRecord, caller: Caller, correct: boolean) {
  const questionId = post.reply.buttons![0]!.action.split(':')[3]!;
  const question = core.services.quiz.bank.get(questionId)!;
  const choice = correct ? question.answer : (question.answer + 1) % question.choices.length;
  return core.router.handleAction(post.reply.buttons![choice]!.action, caller);
}

describe('weekly quiz scheduler', () => {
  it('posts at the slot, takes answers, closes once with results, and follows the zone across DST', async () => {
    const clock = new FakeClock(at('2026-10-21T10:00:00Z')); // Wednesday
    const { core, poster } = await startBot(clock, tempDatabasePath());
    const set = await core.router.handleText(SET, admin);
    expect(set.title).toBe('Weekly quiz set');
    expect(set.body).toContain('every Friday at 17:00 (Europe/Berlin) in <#study>');

    await clock.set(at('2026-10-23T14:59:00Z'));
    expect(poster.posts).toHaveLength(0);
    await clock.set(at('2026-10-23T15:00:00Z')); // Friday 17:00 CEST
    const questions = poster.titled('Weekly quiz · question');
    expect(questions.map((p) => [p.channelId, p.reply.title])).toEqual([
      ['study', 'Weekly quiz · question 1/2'],
      ['study', 'Weekly quiz · question 2/2'],
    ]);
    expect(questions[0]!.reply.buttons![0]!.action).toMatch(/^quiz:answer:w\d+:[a-z0-9-]+:0$/);

    const ada = member('Ada');
    const bob = member('Bob');
    expect((await click(core, questions[0]!, ada, true)).title).toBe('Answer recorded');
    expect((await click(core, questions[0]!, ada, false)).title).toBe('You already answered this one');
    await click(core, questions[1]!, ada, true);
    await click(core, questions[0]!, bob, false);

    await clock.set(at('2026-10-24T14:59:59Z'));
    expect(poster.titled('Weekly quiz · results')).toHaveLength(0);
    await clock.set(at('2026-10-24T15:00:00Z'));
    const [results] = poster.titled('Weekly quiz · results');
    expect(results?.channelId).toBe('study');
    expect(results!.reply.body).toContain('2 people answered.');
    expect(results!.reply.body).toContain('50% right (1/2)');
    expect(results!.reply.body).toContain('100% right (1/1)');
    expect(results!.reply.fields![0]!.value.split('\n')[0]).toBe('🥇 **Ada** — 2 correct of 2 (100%)');
    expect(results!.reply.fields![1]!.value).toContain('🔥 Ada: 1');
    expect(poster.updates.map((u) => u.messageId).sort()).toEqual(questions.map((q) => q.messageId).sort());
    expect(poster.updates.every((u) => !u.reply.buttons?.length)).toBe(true);
    expect((await click(core, questions[1]!, bob, true)).body).toContain('This round has closed');

    // Berlin left summer time on 25 October: Friday 17:00 is now 16:00 UTC.
    await clock.set(at('2026-10-30T15:30:00Z'));
    expect(poster.titled('Weekly quiz · question')).toHaveLength(2);
    await clock.set(at('2026-10-30T16:00:00Z'));
    const week2 = poster.titled('Weekly quiz · question').slice(2);
    expect(week2).toHaveLength(2);
    await click(core, week2[0]!, ada, false);
    await clock.set(at('2026-10-31T16:00:00Z'));
    const results2 = poster.titled('Weekly quiz · results')[1]!;
    expect(results2.reply.fields![1]!.value).toContain('🔥 Ada: 2');
    expect(results2.reply.fields![1]!.value).toContain('🔥 Bob: 1'); // still alive: Bob played last week
    expect(poster.titled('Weekly quiz · results')).toHaveLength(2);
  });

  it('after downtime, posts a missed round once if its window is still open, and skips it otherwise', async () => {
    const databasePath = tempDatabasePath();
    const clock = new FakeClock(at('2026-11-18T10:00:00Z'));
    const first = await startBot(clock, databasePath);
    await first.core.router.handleText(SET, admin);
    await stopBot(first.core); // down from Wednesday…

    await clock.set(at('2026-11-20T18:30:00Z')); // …until Friday 19:30 Berlin, 2.5 h into the window
    const second = await startBot(clock, databasePath);
    const posted = second.poster.titled('Weekly quiz · question');
    expect(posted).toHaveLength(2);
    await click(second.core, posted[0]!, member('Ada'), true);
    await stopBot(second.core);

    const third = await startBot(clock, databasePath); // a restart during the window posts nothing again
    expect(third.poster.posts).toHaveLength(0);
    await clock.set(at('2026-11-21T16:00:00Z'));
    expect(third.poster.titled('Weekly quiz · results')).toHaveLength(1);
    expect(third.poster.titled('Weekly quiz · results')[0]!.reply.body).toContain('100% right (1/1)');
    await stopBot(third.core);

    await clock.set(at('2026-11-28T20:00:00Z')); // down over the whole next window (27th 16:00 – 28th 16:00)
    const fourth = await startBot(clock, databasePath);
    expect(fourth.poster.posts).toHaveLength(0);
    await clock.set(at('2026-12-04T16:00:00Z'));
    expect(fourth.poster.titled('Weekly quiz · question')).toHaveLength(2);
  });

  it('posts each message once when two bot processes share the database', async () => {
    const databasePath = tempDatabasePath();
    const clock = new FakeClock(at('2026-11-18T10:00:00Z'));
    const a = await startBot(clock, databasePath);
    const b = await startBot(clock, databasePath);
    await a.core.router.handleText(SET, admin);
    b.core.services.quiz.scheduler.wake();
    await clock.set(at('2026-11-20T16:00:00Z'));
    await clock.set(at('2026-11-21T16:00:00Z'));
    const all = [...a.poster.posts, ...b.poster.posts];
    expect(all.filter((p) => p.reply.title?.startsWith('Weekly quiz · question'))).toHaveLength(2);
    expect(all.filter((p) => p.reply.title === 'Weekly quiz · results')).toHaveLength(1);
  });

  it('retries a post that failed, and waits for a platform that is not connected', async () => {
    const clock = new FakeClock(at('2026-11-18T10:00:00Z'));
    const poster = new RecordingPoster();
    const { core } = await startBot(clock, tempDatabasePath(), poster);
    await core.router.handleText(SET, admin);
    core.services.outbox.unregister('discord');
    await clock.set(at('2026-11-20T16:00:00Z'));
    expect(poster.posts).toHaveLength(0);
    poster.failNext = 2; // the round is opened but its first post fails, and fails again in the same tick
    core.services.outbox.register('discord', poster);
    await clock.settle();
    expect(poster.posts).toHaveLength(0);
    await clock.advance(RETRY_MS);
    expect(poster.titled('Weekly quiz · question').map((p) => p.reply.title)).toEqual(['Weekly quiz · question 1/2', 'Weekly quiz · question 2/2']);
  });

  it('/weekly now runs a round with the given duration that closes with results', async () => {
    const clock = new FakeClock(at('2026-11-18T10:00:00Z'));
    const { core, poster } = await startBot(clock, tempDatabasePath());
    const started = await core.router.handleText('/weekly now duration:1m questions:3', { ...admin, channelId: 'quiz-room' });
    expect(started.title).toBe('Weekly round started');
    expect(poster.posts.map((p) => p.channelId)).toEqual(['quiz-room', 'quiz-room', 'quiz-room']);
    expect((await core.router.handleText('/weekly now', admin)).body).toContain('A round is already open');
    await clock.advance(60_000);
    expect(poster.titled('Weekly quiz · results')).toHaveLength(1);
    expect(poster.titled('Weekly quiz · results')[0]!.reply.body).toContain('0 people answered');
  });
});

describe('weekly round messages', () => {
  it('/weekly show offers the open round\'s questions privately, until the round closes', async () => {
    const clock = new FakeClock(at('2026-11-18T10:00:00Z'));
    const { core } = await startBot(clock, tempDatabasePath());
    await core.router.handleText('/weekly now duration:1h questions:2', admin);
    const show = await core.router.handleText('/weekly show', member('Ada'));
    expect(show.buttons?.map((b) => b.label)).toEqual(['Question 1', 'Question 2']);
    const question = await core.router.handleAction(show.buttons![1]!.action, member('Ada'));
    expect(question).toMatchObject({ title: 'Weekly quiz · question 2/2', ephemeral: true });
    expect((await core.router.handleAction(question.buttons![0]!.action, member('Ada'))).title).toBe('Answer recorded');
    await clock.advance(HOUR);
    expect((await core.router.handleAction(show.buttons![0]!.action, member('Ada'))).body).toContain('This round has closed');
  });

  it('keeps the results of a 10-question round within chat limits, with the real bank', async () => {
    const clock = new FakeClock(at('2026-11-18T10:00:00Z'));
    const core = await testCore({}, { clock });
    cores.push(core);
    clock.settle = () => core.services.quiz.scheduler.idle();
    const poster = new RecordingPoster();
    core.services.outbox.register('discord', poster);
    await core.router.handleText('/weekly now duration:1h questions:10', admin);
    for (const post of poster.titled('Weekly quiz · question')) await click(core, post, member('Ada'), true);
    await clock.advance(HOUR);
    const results = poster.titled('Weekly quiz · results')[0]!.reply;
    expect(results.body.length).toBeLessThanOrEqual(RESULTS_BODY_BUDGET + 100);
    expect(results.body.match(/% right/g)).toHaveLength(10);
    for (const field of results.fields!) expect(field.value.length).toBeLessThanOrEqual(1024);
  });
});
