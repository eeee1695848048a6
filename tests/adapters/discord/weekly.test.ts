// The core's own posts (weekly quiz rounds) go through the Discord channel poster: a round is
// posted into a channel with its answer buttons, then closed by editing that same message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelPoster } from '../../../src/core/outbox.js';
import { buttonsOf, embedsOf, startHarness, textOf, type Harness } from '../../support/discord-stand-in/harness.js';

let h: Harness;
let poster: ChannelPoster;

beforeAll(async () => {
  h = await startHarness();
  poster = h.core.services.outbox.for('discord')!;
});

afterAll(async () => {
  await h?.close();
});

const round = (closed: boolean) => ({
  title: 'Weekly quiz · round 12',
  body: closed ? 'Round closed. The answer was **b**: `del` removes a name, not the object.\n\n1. grace — 3 points' : 'What does `del x` do?',
  buttons: ['a', 'b', 'c'].map((choice) => ({ label: `Answer ${choice}`, action: `quiz:answer:12:${choice}`, disabled: closed })),
  tone: closed ? ('success' as const) : ('info' as const),
});

describe('weekly quiz rounds in a channel', () => {
  it('posts a round with answer buttons and closes it in place', async () => {
    const channel = h.standIn.secondChannelId;
    const posted = await poster.post(channel, round(false));
    expect(posted).toMatchObject({ platform: 'discord', channelId: channel });
    const [message] = h.standIn.messagesIn(channel);
    expect(message!.id).toBe(posted.messageId);
    expect(embedsOf(message!)[0]!.title).toBe('Weekly quiz · round 12');
    expect(buttonsOf(message!).map((b) => [b.custom_id, b.disabled])).toEqual([
      ['quiz:answer:12:a', false],
      ['quiz:answer:12:b', false],
      ['quiz:answer:12:c', false],
    ]);
    expect(message!.allowed_mentions).toMatchObject({ parse: [] });

    await poster.update(posted, round(true));
    expect(h.standIn.messagesIn(channel)).toHaveLength(1);
    expect(message!.edits).toBe(1);
    expect(textOf(message!)).toContain('Round closed');
    expect(buttonsOf(message!).every((b) => b.disabled)).toBe(true);
  });

  it('fails clearly for a channel the bot cannot post in', async () => {
    await expect(poster.post('123456789012345678', round(false))).rejects.toThrow();
  });

  it('recorded no rejected request except the unknown channel', () => {
    expect(h.standIn.rejections.map((r) => r.path)).toEqual(['/channels/123456789012345678']);
  });
});
