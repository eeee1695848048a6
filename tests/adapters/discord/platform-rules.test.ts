// What a real Discord does that a permissive stand-in would hide (issue 15): the 3-second window
// counts from the interaction's creation, per-route rate limits with retry_after, follow-up tokens
// that expire, and permissions per channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION } from '../../support/discord-stand-in/rules.js';
import { embedsOf, OPTION, slash, startHarness, submitModal, textOf, type Harness } from '../../support/discord-stand-in/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const admin = { userId: '100000000000000003', username: 'linus', admin: true };
const subcommand = (name: string, options: Array<{ name: string; type: number; value: string | number }> = []) => [{ name, type: 1, options }];
const questionNumber = (title = '') => /question (\d+)\//.exec(title)?.[1];

describe('Discord platform rules', () => {
  it('answers an interaction that arrived 1.5 s late within its window, and posts a 10-question round whole and in order under the rate limit', async () => {
    const channel = h.standIn.secondChannelId;
    const handle = slash(
      h.standIn,
      'weekly',
      subcommand('now', [
        { name: 'channel', type: 7, value: channel },
        { name: 'questions', type: OPTION.integer, value: 10 },
        { name: 'duration', type: OPTION.string, value: '1h' },
      ]) as never,
      { ...admin, ageMs: 1500 },
    );
    const answer = await handle.visible(30_000);
    // The round takes longer than the window: the answer was deferred, privately (it is the admin's alone).
    expect(handle.events[0]).toMatchObject({ kind: 'callback', type: 5, data: { flags: 64 } });
    if (answer.kind === 'delete') throw new Error('the first visible answer was a deletion');
    expect(embedsOf(answer.data)[0]!.title).toBe('Weekly round started');
    const questions = h.standIn.messagesIn(channel).filter((m) => embedsOf(m)[0]?.title?.startsWith('Weekly quiz · question'));
    expect(questions.map((m) => questionNumber(embedsOf(m)[0]!.title))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    // 5 messages per 5 s per channel: the client waited for the bucket instead of losing questions.
    expect(h.standIn.rejections.filter((r) => r.status !== 429)).toEqual([]);
  }, 40_000);

  it('still delivers a report after the interaction token expired, in the channel, addressed to the user', async () => {
    const handle = submitModal(h.standIn, 'memcheck-modal', { code: 'a = [1, 2, 3]\nb = a' });
    // The deferral is the last thing the token allows: from then on it has "expired".
    handle.on('event', (event: { kind: string; type?: number }) => {
      if (event.kind === 'callback' && event.type === 5) handle.expireToken();
    });
    let message = await h.standIn.nextChannelWrite(h.standIn.channelId, 20_000);
    // The deferral's "thinking…" message lands first; the report is the next write.
    while (!embedsOf(message).length) message = await h.standIn.nextChannelWrite(h.standIn.channelId, 20_000);
    expect(embedsOf(message)[0]!.title).toMatch(/Memory report/);
    expect(message.content).toBe('<@100000000000000001>');
    expect(message.allowed_mentions).toMatchObject({ parse: [], users: ['100000000000000001'] });
    expect(textOf(message)).toMatch(/\ba\b/);
  }, 30_000);

  it('refuses /weekly set in a channel where the bot lacks a permission, naming it for the admin', async () => {
    h.standIn.denyInChannel(h.standIn.secondChannelId, PERMISSION.attachFiles);
    const handle = slash(
      h.standIn,
      'weekly',
      subcommand('set', [
        { name: 'day', type: OPTION.string, value: 'fri' },
        { name: 'time', type: OPTION.string, value: '17:00' },
        { name: 'channel', type: 7, value: h.standIn.secondChannelId },
      ]) as never,
      admin,
    );
    const answer = await handle.visible();
    if (answer.kind === 'delete') throw new Error('the first visible answer was a deletion');
    expect(answer.data.flags).toBe(64);
    expect(textOf(answer.data)).toMatch(/missing Attach Files in <#\d+>/);
    expect(embedsOf(answer.data)[0]!.title).toBe('The weekly quiz cannot post there');
  });
});
