// Quizzes through Discord: /quiz with answer buttons and private feedback, an idempotent second
// click, /stats and /leaderboard, and a weekly round posted in a channel, answered and closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TONE_COLOURS } from '../../../src/adapters/discord/render.js';
import { FakeClock } from '../../support/quiz.js';
import { buttonsOf, click, embedsOf, OPTION, slash, startQuizHarness, textOf, visibleAnswer, type Harness } from '../../support/discord-stand-in/harness.js';

const clock = new FakeClock(Date.UTC(2026, 10, 24, 9, 0));
let h: Harness;

beforeAll(async () => {
  h = await startQuizHarness(clock);
});

afterAll(async () => {
  await h?.close();
  await h?.core.close();
});

const grace = { userId: '100000000000000002', username: 'grace' };
const admin = { userId: '100000000000000003', username: 'linus', admin: true };

describe('/quiz', () => {
  it('asks a question with answer buttons, gives private feedback, and ignores a second click', async () => {
    const asked = await visibleAnswer(slash(h.standIn, 'quiz', [], grace));
    const choices = buttonsOf(asked).filter((b) => b.custom_id.startsWith('quiz:answer:'));
    expect(choices.length).toBeGreaterThanOrEqual(2);
    const question = h.standIn.messagesIn(h.standIn.channelId).at(-1)!;

    const first = await click(h.standIn, question, choices[0]!.custom_id, grace).nth(0);
    expect(first).toMatchObject({ kind: 'callback', type: 4, data: { flags: 64 } });
    expect(embedsOf(first.data)[0]!.title).toMatch(/^(Right!|Not quite)$/);

    const second = await click(h.standIn, question, choices[1]!.custom_id, grace).nth(0);
    expect(second).toMatchObject({ kind: 'callback', type: 4, data: { flags: 64 } });
    expect(embedsOf(second.data)[0]!.title).toBe('You already answered this one');
    expect(textOf(second.data)).toContain('a second click changes nothing');
  });

  it('asks from one part of the guide with /quiz section', async () => {
    const asked = await visibleAnswer(slash(h.standIn, 'quiz', [{ name: 'section', type: OPTION.string, value: 'practices' }], grace));
    expect(embedsOf(asked)[0]!.title).toBe('Quiz · Best Practices');
  });

  it('shows the caller\'s record with /stats', async () => {
    const stats = await visibleAnswer(slash(h.standIn, 'stats', [], grace));
    expect(stats.flags).toBe(64);
    expect(embedsOf(stats)[0]!.title).toMatch(/stats · grace/i);
  });

  it('ranks the server with /leaderboard period:all', async () => {
    const board = await visibleAnswer(slash(h.standIn, 'leaderboard', [{ name: 'period', type: OPTION.string, value: 'all' }], grace));
    expect(textOf(board)).toContain('grace');
  });
});

describe('/weekly', () => {
  const subcommand = (name: string, options: Array<{ name: string; type: number; value: string | number }> = []) => [{ name, type: 1, options }];

  it('refuses schedule changes from members without Manage Server', async () => {
    const answer = await visibleAnswer(slash(h.standIn, 'weekly', subcommand('off') as never, grace));
    expect(answer.flags).toBe(64);
    expect(embedsOf(answer)[0]!.color).toBe(TONE_COLOURS.error);
  });

  it('sets a schedule for admins', async () => {
    const answer = await visibleAnswer(
      slash(h.standIn, 'weekly', subcommand('set', [
        { name: 'day', type: OPTION.string, value: 'fri' },
        { name: 'time', type: OPTION.string, value: '17:00' },
        { name: 'tz', type: OPTION.string, value: 'Europe/Berlin' },
        { name: 'channel', type: 7, value: h.standIn.secondChannelId },
      ]) as never, admin),
    );
    expect(embedsOf(answer)[0]!.title).toBe('Weekly quiz set');
    expect(textOf(answer)).toContain('Friday at 17:00 (Europe/Berlin)');
  });

  it('posts a round in the channel now, takes private answers, and closes it with results', async () => {
    const channel = h.standIn.secondChannelId;
    const answer = await visibleAnswer(
      slash(h.standIn, 'weekly', subcommand('now', [
        { name: 'questions', type: OPTION.integer, value: 2 },
        { name: 'duration', type: OPTION.string, value: '1h' },
      ]) as never, admin),
    );
    expect(embedsOf(answer)[0]!.title).toBe('Weekly round started');
    const questions = h.standIn.messagesIn(channel).filter((m) => embedsOf(m)[0]?.title?.startsWith('Weekly quiz · question'));
    expect(questions).toHaveLength(2);
    expect(questions.every((m) => m.allowed_mentions !== undefined)).toBe(true);

    const choice = buttonsOf(questions[0]!)[0]!.custom_id;
    const recorded = await click(h.standIn, questions[0]!, choice, grace).nth(0);
    expect(recorded).toMatchObject({ kind: 'callback', type: 4, data: { flags: 64 } });
    expect(embedsOf(recorded.data)[0]!.title).toBe('Answer recorded');
    const again = await click(h.standIn, questions[0]!, choice, grace).nth(0);
    expect(embedsOf(again.data)[0]!.title).toBe('You already answered this one');

    await clock.advance(3_600_000);
    const results = h.standIn.messagesIn(channel).find((m) => embedsOf(m)[0]?.title === 'Weekly quiz · results');
    expect(results).toBeDefined();
    expect(textOf(results!)).toContain('1 person answered');
    for (const question of questions) {
      expect(question.edits).toBe(1);
      expect(buttonsOf(question)).toEqual([]);
    }
  });

  it('recorded no rejected request from the adapter', () => {
    expect(h.standIn.rejections).toEqual([]);
  });
});
