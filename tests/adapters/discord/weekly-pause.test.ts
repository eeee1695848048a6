// A weekly channel that stops taking the bot's posts (a permission taken away after /weekly set):
// the round is paused with one DM to the admin who set it, not retried every minute for a day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/quiz.js';
import { embedsOf, OPTION, slash, startQuizHarness, textOf, type Harness } from '../../support/discord-stand-in/harness.js';
import { PERMISSION } from '../../support/discord-stand-in/rules.js';

// Tuesday 24 November 2026, 09:00 UTC; the schedule posts on Tuesdays at 10:00.
const clock = new FakeClock(Date.UTC(2026, 10, 24, 9, 0));
let h: Harness;

beforeAll(async () => {
  h = await startQuizHarness(clock);
});

afterAll(async () => {
  await h?.close();
  await h?.core.close();
});

const admin = { userId: '100000000000000003', username: 'linus', admin: true };
const botWritesOutsideGuild = () =>
  [...h.standIn.channels.values()].flat().filter((m) => m.author.id === h.standIn.bot.id && m.guild_id === undefined && m.channel_id !== h.standIn.channelId && m.channel_id !== h.standIn.secondChannelId);

describe('a weekly channel that stops taking posts', () => {
  it('pauses the round and the schedule, and tells the admin once what to fix', async () => {
    const set = await slash(
      h.standIn,
      'weekly',
      [{ name: 'set', type: 1, options: [
        { name: 'day', type: OPTION.string, value: 'tue' },
        { name: 'time', type: OPTION.string, value: '10:00' },
        { name: 'questions', type: OPTION.integer, value: 2 },
        { name: 'channel', type: 7, value: h.standIn.secondChannelId },
      ] }] as never,
      admin,
    ).visible();
    if (set.kind === 'delete') throw new Error('unexpected deletion');
    expect(embedsOf(set.data)[0]!.title).toBe('Weekly quiz set');

    h.standIn.denyInChannel(h.standIn.secondChannelId, PERMISSION.sendMessages);
    await clock.advance(60 * 60_000);
    const dms = botWritesOutsideGuild();
    expect(dms).toHaveLength(1);
    expect(embedsOf(dms[0]!)[0]!.title).toBe('Weekly quiz paused');
    expect(textOf(dms[0]!)).toMatch(/missing Send Messages in <#\d+>/);

    // Not retried every minute: an hour later nothing more was attempted, and the schedule is off.
    const refusals = h.standIn.rejections.filter((r) => r.status === 403).length;
    await clock.advance(60 * 60_000);
    expect(h.standIn.rejections.filter((r) => r.status === 403)).toHaveLength(refusals);
    expect(botWritesOutsideGuild()).toHaveLength(1);
    expect((await h.core.services.store.getSchedule(h.standIn.guild.id))?.enabled).toBe(false);
  });
});
