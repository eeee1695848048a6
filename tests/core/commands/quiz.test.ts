import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/index.js';
import type { Reply } from '../../../src/core/messages.js';
import { testCaller } from '../../support/core.js';
import { FakeClock, quizCore } from '../../support/quiz.js';

let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

const ada = testCaller({ userId: 'ada', displayName: 'Ada', scopeId: 'guild-1' });
const bob = testCaller({ userId: 'bob', displayName: 'Bob', scopeId: 'guild-1' });

function answerButton(reply: Reply, correct: boolean, core: Core): string {
  const [, , , questionId] = reply.buttons![0]!.action.split(':');
  const question = core.services.quiz.bank.get(questionId!)!;
  const index = correct ? question.answer : (question.answer + 1) % question.choices.length;
  return reply.buttons![index]!.action;
}

describe('/quiz', () => {
  it('asks a question with one button per choice, action ids within 100 characters', async () => {
    core = await quizCore();
    const reply = await core.router.handleText('/quiz', ada);
    expect(reply.title).toMatch(/^Quiz · /);
    expect(reply.buttons!.length).toBeGreaterThanOrEqual(2);
    for (const button of reply.buttons!) expect(button.action).toMatch(/^quiz:answer:p[a-z0-9]+:[a-z0-9-]+:\d$/);
    expect(Math.max(...reply.buttons!.map((b) => b.action.length))).toBeLessThanOrEqual(100);
  });

  it('scores a click with private feedback, the explanation and the lesson to read', async () => {
    core = await quizCore();
    const right = await core.router.handleAction(answerButton(await core.router.handleText('/quiz', ada), true, core), ada);
    expect(right).toMatchObject({ title: 'Right!', tone: 'success', ephemeral: true });
    expect(right.body).toMatch(/Read lesson \d/);
    expect(right.buttons?.map((b) => b.label)).toContain('Next question');
    const wrong = await core.router.handleAction(answerButton(await core.router.handleText('/quiz', ada), false, core), ada);
    expect(wrong).toMatchObject({ title: 'Not quite', ephemeral: true });
    expect(wrong.body).toContain('The answer is');
    const stats = await core.services.store.userStats({ platform: 'terminal', userId: 'ada', displayName: 'Ada' });
    expect({ answered: stats.answered, correct: stats.correct }).toEqual({ answered: 2, correct: 1 });
  });

  it('records one answer however many times, and however fast, the button is clicked', async () => {
    core = await quizCore();
    const action = answerButton(await core.router.handleText('/quiz', ada), true, core);
    const replies = await Promise.all(Array.from({ length: 40 }, () => core!.router.handleAction(action, ada)));
    expect(replies.filter((r) => r.title === 'Right!')).toHaveLength(1);
    expect(replies.filter((r) => r.title === 'You already answered this one')).toHaveLength(39);
    expect((await core.services.store.userStats({ platform: 'terminal', userId: 'ada', displayName: 'Ada' })).answered).toBe(1);
  });

  it('never gives the same question twice in a row, and "Next question" asks a new one', async () => {
    core = await quizCore();
    let previous = '';
    for (let i = 0; i < 12; i++) {
      const reply = i % 2 ? await core.router.handleAction('quiz:next', ada) : await core.router.handleText('/quiz', ada);
      const id = reply.buttons![0]!.action.split(':')[3]!;
      expect(id).not.toBe(previous);
      previous = id;
    }
  });

  it('keeps answering buttons from before a restart (the action id carries everything)', async () => {
    const { tempDatabasePath } = await import('../../support/core.js');
    const databasePath = tempDatabasePath();
    core = await quizCore({ databasePath });
    const action = answerButton(await core.router.handleText('/quiz', ada), true, core);
    await core.close();
    core = await quizCore({ databasePath });
    expect((await core.router.handleAction(action, ada)).title).toBe('Right!');
  });

  it('shows stats: answered, correct, accuracy by section and the current streak', async () => {
    core = await quizCore();
    const empty = await core.router.handleText('/quiz stats', ada);
    expect(empty.body).toContain('No answers yet');
    for (const correct of [false, true, true]) {
      await core.router.handleAction(answerButton(await core.router.handleText('/quiz', ada), correct, core), ada);
    }
    const stats = await core.router.handleText('/quiz stats', ada);
    expect(stats.body).toContain('**Answered:** 3 · **correct:** 2 (67%)');
    expect(stats.body).toMatch(/• (Common Mistakes to Avoid|Common Memory Issues|Best Practices): \d\/\d/);
    expect(stats.fields?.find((f) => f.name === 'Current streak')?.value).toBe('2 correct answers in a row');
  });

  it('asks only from the section named, by word or by option', async () => {
    core = await quizCore();
    for (let i = 0; i < 4; i++) {
      expect((await core.router.handleText('/quiz mistakes', ada)).title).toMatch(/^Quiz · Common Mistakes to Avoid/);
    }
    expect((await core.router.handleText('/quiz section:practices', ada)).title).toBe('Quiz · Best Practices');
    expect((await core.router.handleCommand('quiz', { section: 'issues' }, ada)).title).toBe('Quiz · Common Memory Issues');
  });

  it('rejects stray words and expired buttons clearly', async () => {
    core = await quizCore();
    const banana = await core.router.handleText('/quiz banana', ada);
    expect(banana.body).toContain('Section must be one of: mistakes, issues, practices');
    expect(banana.body).toContain('Usage: `/quiz [mistakes|issues|practices] | /quiz stats`');
    expect((await core.router.handleText('/quiz stats extra', ada)).body).toContain('Unexpected "extra"');
    expect((await core.router.handleAction('quiz:answer:p1:no-such-question:0', ada)).body).toContain('no longer in the bank');
    expect((await core.router.handleAction('quiz:answer:zz:cycle-needs-gc:0', ada)).body).toContain('expired');
  });
});

describe('/leaderboard', () => {
  it('ranks a scope by correct answers, this week or all time, and keeps scopes apart', async () => {
    const clock = new FakeClock(Date.parse('2026-11-10T12:00:00Z'));
    core = await quizCore({ clock });
    const answer = async (caller: typeof ada, correct: boolean) =>
      core!.router.handleAction(answerButton(await core!.router.handleText('/quiz', caller), correct, core!), caller);
    await answer(ada, true); // last week
    await clock.set(Date.parse('2026-11-17T12:00:00Z'));
    await answer(bob, true);
    await answer(bob, true);
    await answer(ada, false);
    await answer(testCaller({ userId: 'eve', displayName: 'Eve', scopeId: 'guild-2' }), true);

    const week = await core.router.handleText('/leaderboard', ada);
    expect(week.title).toBe('Leaderboard · this week');
    expect(week.body.split('\n')).toEqual(['🥇 **Bob** — 2 correct of 2 (100%)', '🥈 **Ada** — 0 correct of 1 (0%)']);
    const all = await core.router.handleText('/leaderboard all', ada);
    expect(all.body.split('\n')[1]).toBe('🥈 **Ada** — 1 correct of 2 (50%)');
    expect(all.body).not.toContain('Eve');
    expect((await core.router.handleText('/leaderboard month', ada)).body).toContain('Period must be week or all');
  });
});
