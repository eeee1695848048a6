// Threads: a mention or an auto-checked message inside a thread is answered in that thread, and
// where the bot may not post (Send Messages in Threads is a permission of its own) the person who
// asked gets a readable DM instead of silence.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCore } from '../../support/core.js';
import { startHarness, textOf, type Harness } from '../../support/discord-stand-in/harness.js';
import { withScaffoldMemcheck } from '../../support/discord-stand-in/scaffold.js';
import type { StoredMessage } from '../../support/discord-stand-in/payloads.js';
import { PERMISSION } from '../../support/discord-stand-in/rules.js';

let h: Harness;

beforeAll(async () => {
  const core = withScaffoldMemcheck(await testCore());
  h = await startHarness((standIn) => ({ DISCORD_AUTOCHECK_CHANNELS: standIn.channelId }), {}, core);
});

afterAll(async () => {
  await h?.close();
  await h?.core.close();
});

/** The next message the bot writes anywhere that matches. */
async function nextBotWrite(matches: (message: StoredMessage) => boolean, timeoutMs = 10_000): Promise<StoredMessage> {
  const signal = AbortSignal.timeout(timeoutMs);
  for (;;) {
    const [message] = (await once(h.standIn, 'channel-write', { signal })) as [StoredMessage];
    if (message.author.id === h.standIn.bot.id && matches(message)) return message;
  }
}

describe('threads', () => {
  it('auto-checks a ```python message in a thread of a study channel, answering in the thread', async () => {
    const thread = h.standIn.addThread(h.standIn.channelId, 'why is this list shared?');
    const written = nextBotWrite(() => true);
    const asked = h.standIn.postUserMessage('```python\nprint("in a thread")\n```', { channelId: thread });
    const reply = await written;
    expect(reply.channel_id).toBe(thread);
    expect(reply.message_reference).toMatchObject({ message_id: asked.id });
    expect(textOf(reply)).toContain('in a thread');
  });

  it('answers a mention in a thread in that thread', async () => {
    const thread = h.standIn.addThread(h.standIn.secondChannelId, 'lessons');
    const written = nextBotWrite(() => true);
    h.standIn.postUserMessage(`<@${h.standIn.bot.id}> /lesson 3`, { channelId: thread, mentionsBot: true });
    const reply = await written;
    expect(reply.channel_id).toBe(thread);
    expect(textOf(reply)).toContain('Reference Counting');
  });

  it('tells the asker by DM what is missing when it may not post in the thread', async () => {
    h.standIn.denyInChannel(h.standIn.secondChannelId, PERMISSION.sendMessagesInThreads);
    const thread = h.standIn.addThread(h.standIn.secondChannelId, 'locked for bots');
    const written = nextBotWrite(() => true);
    h.standIn.postUserMessage(`<@${h.standIn.bot.id}> /lesson 3`, { channelId: thread, mentionsBot: true });
    const dm = await written;
    expect(dm.guild_id).toBeUndefined();
    expect(dm.channel_id).not.toBe(thread);
    expect(textOf(dm)).toMatch(/can't answer in <#\d+>/);
    expect(textOf(dm)).toMatch(/Send Messages in Threads/);
    expect(h.standIn.rejections.filter((r) => r.status === 403).map((r) => (r.body as { code: number }).code)).toEqual([50013]);
  });
});
