// /quiz, /leaderboard and the weekly quiz through the real Bolt app, on both receivers: answer
// buttons, private feedback, idempotent second clicks, admin checks, and a weekly round posted in a
// channel and closed with results (on a fake clock).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blockAction, eventBody, homeOpened, slashCommand, type Who } from '../../support/slack-stand-in/drivers.js';
import { startHarness, type ReceiverMode, type SlackHarness } from '../../support/slack-stand-in/harness.js';
import type { Posted } from '../../support/slack-stand-in/server.js';
import { FakeClock } from '../../support/quiz.js';

const ACK_DEADLINE_MS = 3000;
const ADMIN: Who = { user: 'U0ADMIN' };
const text = (post: Posted) => JSON.stringify(post.blocks);
const header = (post: Posted) => (post.blocks.find((b) => b.type === 'header')?.text as { text: string } | undefined)?.text ?? '';
const answerButtons = (post: Posted) =>
  post.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements as Array<{ value: string }>).map((e) => e.value)).filter((v) => v.startsWith('quiz:answer:'));

describe.each<ReceiverMode>(['http', 'socket'])('Slack quizzes over %s', (mode) => {
  let h: SlackHarness;
  let clock: FakeClock;
  beforeAll(async () => {
    clock = new FakeClock(Date.parse('2026-11-24T12:00:00Z'));
    h = await startHarness(mode, {}, { clock });
  });
  afterAll(() => h.stop());
  afterEach(() => expect(h.slack.refusals).toEqual([]));

  async function command(name: string, commandText = '', who: Who = {}, count = 1): Promise<Posted[]> {
    const since = h.slack.posts.length;
    const delivery = await h.driver.slashCommand(slashCommand(h.slack, name, commandText, who));
    expect(delivery.ms).toBeLessThan(ACK_DEADLINE_MS);
    return h.slack.waitForPosts(count, () => true, since);
  }

  async function click(post: Posted, action: string, who: Who = {}): Promise<Posted> {
    const since = h.slack.posts.length;
    const delivery = await h.driver.interactive(blockAction(h.slack, post, action, who));
    expect(delivery.ms).toBeLessThan(ACK_DEADLINE_MS);
    const [reply] = await h.slack.waitForPosts(1, () => true, since);
    return reply!;
  }

  it('/quiz asks with answer buttons; a click gets private feedback; a second click changes nothing', async () => {
    const [question] = await command('/quiz');
    const choices = answerButtons(question!);
    expect(choices.length).toBeGreaterThanOrEqual(2);

    const feedback = await click(question!, choices[0]!);
    expect(feedback).toMatchObject({ via: 'response_url', ephemeral: true });
    expect(feedback.replaces).toBeUndefined();
    expect(header(feedback)).toMatch(/Right!|Not quite/);
    expect(text(feedback)).toContain('/lesson');

    const again = await click(question!, choices[1]!);
    expect(again.ephemeral).toBe(true);
    expect(header(again)).toBe('You already answered this one');
    expect(text(again)).toMatch(/changes nothing/);

    const [stats] = await command('/quiz', 'stats');
    expect(header(stats!)).toContain('Quiz stats · ada');
  });

  it('/leaderboard ranks the workspace by display name', async () => {
    const [board] = await command('/leaderboard', 'all');
    expect(header(board!)).toContain('Leaderboard');
    expect(text(board!)).toContain('ada');
  });

  it('/weekly set is for workspace admins only; admins set it for a channel mention', async () => {
    const [refused] = await command('/weekly', 'set channel:<#C0STUDY|study> day:fri time:17:00 tz:Europe/Berlin');
    expect(refused!.ephemeral).toBe(true);
    expect(text(refused!)).toMatch(/Only server or workspace admins/);

    const [set] = await command('/weekly', 'set channel:<#C0STUDY|study> day:fri time:17:00 tz:Europe/Berlin questions:2 duration:2h', ADMIN);
    expect(header(set!)).toContain('Weekly quiz set');
    // The core names the channel as <#C0STUDY>: a channel link in Slack, not escaped text.
    expect(text(set!)).toContain('<#C0STUDY>');

    const [shown] = await command('/weekly', 'show');
    expect(text(shown!)).toMatch(/Friday|fri/i);
  });

  it('/weekly now posts a round in the channel; members answer once; results follow when it closes', async () => {
    const since = h.slack.posts.length;
    await command('/weekly', 'now channel:<#C0ROUND|round> questions:2 duration:1h', ADMIN, 1);
    const questions = await h.slack.waitForPosts(2, (p) => p.via === 'chat.postMessage' && p.channel === 'C0ROUND', since);
    const [started] = await h.slack.waitForPosts(1, (p) => p.via === 'response_url', since);
    expect(header(started!)).toContain('Weekly round started');
    expect(questions.every((q) => answerButtons(q).length >= 2)).toBe(true);

    const choices = answerButtons(questions[0]!);
    const feedback = await click(questions[0]!, choices[0]!);
    expect(feedback.ephemeral).toBe(true);
    const again = await click(questions[0]!, choices[1]!);
    expect(again.ephemeral).toBe(true);
    expect(text(again)).toMatch(/already|changes nothing/i);

    const before = h.slack.posts.length;
    clock.advance(60 * 60_000 + 1000);
    const [results] = await h.slack.waitForPosts(1, (p) => p.via === 'chat.postMessage' && p.channel === 'C0ROUND' && header(p).startsWith('Weekly quiz · results'), before);
    expect(text(results!)).toContain('ada');
    // The question messages are closed (updated in place) once the results are out.
    await h.slack.waitForPosts(2, (p) => p.via === 'chat.update' && p.channel === 'C0ROUND', before);
  });

  it('shows the user quiz stats and the weekly schedule on the App Home tab', async () => {
    const views = h.slack.views.length;
    await h.driver.event(eventBody(h.slack, homeOpened()));
    const published = await h.slack.waitFor(() => h.slack.views[views]);
    const home = JSON.stringify(published.view);
    expect(home).toContain('What is Memory Management?');
    expect(home).toContain('Quiz stats · ada');
    expect(home).toMatch(/Weekly quiz/);
  });
});
