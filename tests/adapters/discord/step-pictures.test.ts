// The step-through end to end on Discord with the real sandbox: pasted parent/child code, ▶ Step
// through, then ▶, next memory change and ⏭ Last step replace one message in place, each with its
// own picture and no leftover; the bot restarted on the same SQLite file still answers the buttons;
// an expired run answers privately.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDatabasePath, testCore } from '../../support/core.js';
import { buttonsOf, click, embedsOf, startHarness, textOf, type Harness } from '../../support/discord-stand-in/harness.js';
import { MESSAGE_FLAGS, type DiscordStandIn } from '../../support/discord-stand-in/server.js';
import type { StoredMessage } from '../../support/discord-stand-in/payloads.js';
import { PARENT_CHILD_EXAMPLE } from '../../support/memcheck.js';

const SANDBOX = { SANDBOX_POOL_SIZE: '1', SANDBOX_CACHE_DIR: '.cache/sandbox-test' };
const databasePath = tempDatabasePath();
let h: Harness;

async function startBot(standIn?: DiscordStandIn): Promise<Harness> {
  const core = await testCore({ ...SANDBOX, DATABASE_PATH: databasePath });
  return startHarness({}, {}, core, standIn);
}

beforeAll(async () => {
  h = await startBot();
}, 120_000);

afterAll(async () => {
  await h?.close();
  await h?.core.close();
  await h?.standIn.close();
});

/** Clicks the button labelled `label` on `message` (in the user's DM) and waits for the answer. */
async function press(message: StoredMessage, label: string) {
  const button = buttonsOf(message).find((b) => b.label === label);
  if (!button) throw new Error(`no button ${label} in ${JSON.stringify(buttonsOf(message).map((b) => b.label))}`);
  expect(button.disabled).toBe(false);
  const handle = click(h.standIn, message, button.custom_id, { dm: true });
  await handle.visible(30_000);
  return handle;
}

/** The step message shows one picture at most, the one its embed names, and nothing else. */
function expectOnePicture(message: StoredMessage): void {
  const image = (embedsOf(message)[0] as { image?: { url: string } } | undefined)?.image;
  const names = message.attachments.map((a) => a.filename);
  if (image) expect(names).toEqual([image.url.replace('attachment://', '')]);
  else expect(names).toEqual([]);
  for (const file of message.files) expect(file.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
}

const stepCaption = (message: StoredMessage) => /step (\d+)\/(\d+)/.exec(textOf(message))!;

describe('the step-through on Discord', () => {
  let dm: string;
  let step: StoredMessage;

  it('pasted code gets a report with ▶ Step through, which opens step 1 in a new message', async () => {
    const pasted = h.standIn.postUserMessage(`\`\`\`python\n${PARENT_CHILD_EXAMPLE}\`\`\``, { dm: true });
    dm = pasted.channel_id;
    const report = await h.standIn.nextChannelWrite(dm, 60_000);
    const handle = await press(report, '▶ Step through');
    step = handle.original!;
    expect(stepCaption(step)[1]).toBe('1');
    expectOnePicture(step);
  }, 90_000);

  it('▶, next memory change and ⏭ Last step replace that one message, picture included', async () => {
    const messages = h.standIn.messagesIn(dm).length;
    let previous = 1;
    const pictures: string[][] = [];
    for (const label of ['▶ Next', 'Next memory change', '⏭ Last step']) {
      const handle = await press(step, label);
      expect(handle.events.map((e) => e.kind)).not.toContain('followup');
      const [, shown, total] = stepCaption(step);
      expect(Number(shown)).toBeGreaterThan(previous);
      previous = Number(shown);
      if (label === '⏭ Last step') expect(shown).toBe(total);
      expectOnePicture(step);
      pictures.push(step.attachments.map((a) => a.filename));
    }
    // The memory change and the last step each show a picture of their own, the one before it gone.
    const [, change, last] = pictures;
    expect(change).toHaveLength(1);
    expect(last).toHaveLength(1);
    expect(last).not.toEqual(change);
    expect(h.standIn.messagesIn(dm).length).toBe(messages);
    expect(h.standIn.messagesIn(dm).filter((m) => m.flags & MESSAGE_FLAGS.Loading)).toEqual([]);
    expect(h.standIn.rejections).toEqual([]);
  }, 90_000);

  it('still answers after a restart on the same SQLite file', async () => {
    const [, last] = stepCaption(step);
    const standIn = h.standIn;
    await h.adapter.stop();
    await h.core.close();
    h = await startBot(standIn);
    await press(step, '◀ Back');
    expect(Number(stepCaption(step)[1])).toBe(Number(last) - 1);
    expectOnePicture(step);
  }, 120_000);

  it('answers a click on an expired run with a private note, leaving the message alone', async () => {
    const before = textOf(step);
    const handle = click(h.standIn, step, 'steps:AAAAAAAA:2:n', { dm: true });
    const answer = await handle.visible();
    expect(answer).toMatchObject({ kind: 'callback', type: 4, data: { flags: MESSAGE_FLAGS.Ephemeral } });
    expect(textOf(step)).toBe(before);
  });
});
