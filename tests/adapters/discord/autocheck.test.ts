// Study channels (DISCORD_AUTOCHECK_CHANNELS): the bot asks for the privileged Message Content
// intent and checks every message there with a ```python block, without being mentioned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCore } from '../../support/core.js';
import { startHarness, textOf, type Harness } from '../../support/discord-stand-in/harness.js';
import { withScaffoldMemcheck } from '../../support/discord-stand-in/scaffold.js';
import { INTENTS } from '../../support/discord-stand-in/server.js';

let h: Harness;

beforeAll(async () => {
  const core = withScaffoldMemcheck(await testCore());
  h = await startHarness((standIn) => ({ DISCORD_AUTOCHECK_CHANNELS: standIn.channelId }), {}, core);
});

afterAll(async () => {
  await h?.close();
  await h?.core.close();
});

describe('auto-check channels', () => {
  it('requests the Message Content intent', () => {
    const intents = (h.standIn as unknown as { session: { intents: number } }).session.intents;
    expect(intents & INTENTS.MessageContent).toBeTruthy();
  });

  it('checks a ```python message in a study channel without a mention, and leaves other messages alone', async () => {
    const { standIn } = h;
    standIn.postUserMessage('just chatting about `del`');
    standIn.postUserMessage('```python\nprint("elsewhere")\n```', { channelId: standIn.secondChannelId });
    const checked = standIn.postUserMessage('```python\nprint("auto checked")\n```');
    const reply = await standIn.nextChannelWrite(standIn.channelId);
    expect(reply.message_reference).toMatchObject({ message_id: checked.id });
    expect(textOf(reply)).toContain('auto checked');
    const byBot = [standIn.channelId, standIn.secondChannelId].flatMap((c) => standIn.messagesIn(c)).filter((m) => m.author.id === standIn.bot.id);
    expect(byBot).toHaveLength(1);
  });

  it('checks a ```py3 message too: auto-check accepts the fences /memcheck accepts', async () => {
    const { standIn } = h;
    const checked = standIn.postUserMessage('```py3\nprint("py3 checked")\n```');
    const reply = await standIn.nextChannelWrite(standIn.channelId);
    expect(reply.message_reference).toMatchObject({ message_id: checked.id });
    expect(textOf(reply)).toContain('py3 checked');
  });
});
