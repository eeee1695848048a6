// A step-through's clicks replace one message in place (issue 14): new text, new buttons and the new
// picture, with the old picture gone, whether the click is answered at once (an update) or deferred
// first (a deferred update, then an edit). The stand-in keeps attachments an edit does not drop, as
// Discord does, so a leftover picture shows; and no "thinking…" placeholder may stay behind.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testCore } from '../../support/core.js';
import { buttonsOf, click, embedsOf, slash, startHarness, submitModal, type Harness } from '../../support/discord-stand-in/harness.js';
import { MESSAGE_FLAGS } from '../../support/discord-stand-in/server.js';
import { PERMISSION } from '../../support/discord-stand-in/rules.js';
import type { StoredMessage } from '../../support/discord-stand-in/payloads.js';
import { withScaffoldMemcheck } from '../../support/discord-stand-in/scaffold.js';
import { PICTURE_FILENAME, PICTURE_STEPS_COMMAND, SLOW_STEP_MS, STEP_BUTTONS, withPictureSteps } from '../../support/picture-steps.js';
import { tinyPng } from '../../support/png.js';

let h: Harness;

beforeAll(async () => {
  const core = withPictureSteps(withScaffoldMemcheck(await testCore()));
  h = await startHarness({}, {}, core);
});

afterAll(async () => {
  await h?.close();
  await h?.core.close();
});

afterEach(() => {
  expect(h.standIn.rejections).toEqual([]);
  // A deferral's placeholder that was never edited nor deleted would stay as "thinking…" forever.
  expect(h.standIn.messagesIn(h.standIn.channelId).filter((m) => m.flags & MESSAGE_FLAGS.Loading)).toEqual([]);
});

/** Runs /picture-steps and returns the message it posted (step 1). */
async function firstStep(): Promise<StoredMessage> {
  const handle = slash(h.standIn, PICTURE_STEPS_COMMAND);
  await handle.visible();
  return handle.original!;
}

/** Clicks a button of `message` by its label and waits for the answer; `ageMs` ages the click. */
async function clickLabel(message: StoredMessage, label: string, ageMs = 0) {
  const button = buttonsOf(message).find((b) => b.label === label);
  if (!button) throw new Error(`no button ${label}`);
  const handle = click(h.standIn, message, button.custom_id, { ageMs });
  await handle.visible();
  return handle;
}

function expectStep(message: StoredMessage, step: number): void {
  const [embed] = embedsOf(message) as Array<{ title?: string; image?: { url: string } }>;
  expect(embed?.title).toBe(`Step ${step}`);
  expect(buttonsOf(message).map((b) => b.custom_id)).toContain(`picstep:${step + 1}:picture`);
  expect(embed?.image).toEqual({ url: `attachment://${PICTURE_FILENAME}` });
  expect(message.attachments.map((a) => a.filename)).toEqual([PICTURE_FILENAME]);
  expect(message.files[0]!.bytes.equals(Buffer.from(tinyPng(step)))).toBe(true);
}

describe('Discord step-through pictures', () => {
  it('three clicks in a row leave one message showing the latest picture, with one attachment', async () => {
    const before = h.standIn.messagesIn(h.standIn.channelId).length;
    const message = await firstStep();
    expectStep(message, 1);
    for (let step = 2; step <= 4; step++) {
      const handle = await clickLabel(message, STEP_BUTTONS.next);
      expect(handle.events[0]).toMatchObject({ kind: 'callback', type: 7 });
      expectStep(message, step);
    }
    expect(h.standIn.messagesIn(h.standIn.channelId).length).toBe(before + 1);
    expect(message.edits).toBe(3);
  });

  it('a step without a picture drops the previous one', async () => {
    const message = await firstStep();
    await clickLabel(message, STEP_BUTTONS.plain);
    const [embed] = embedsOf(message) as Array<{ title?: string; image?: unknown }>;
    expect(embed?.title).toBe('Step 2');
    expect(embed?.image).toBeUndefined();
    expect(message.attachments).toEqual([]);
    await clickLabel(message, STEP_BUTTONS.next);
    expectStep(message, 3);
  });

  it('a click answered late is deferred as an update, then edited in place with the new picture', async () => {
    const before = h.standIn.messagesIn(h.standIn.channelId).length;
    const message = await firstStep();
    // Created 1.9 s ago: the step (SLOW_STEP_MS) cannot be answered inside the 2 s the adapter allows itself.
    expect(SLOW_STEP_MS).toBeGreaterThan(100);
    const handle = await clickLabel(message, STEP_BUTTONS.slow, 1900);
    expect(handle.events.map((e) => (e.kind === 'callback' ? `callback ${e.type}` : e.kind))).toEqual(['callback 6', 'edit']);
    expectStep(message, 2);
    await clickLabel(message, STEP_BUTTONS.slow, 1900);
    expectStep(message, 3);
    expect(h.standIn.messagesIn(h.standIn.channelId).length).toBe(before + 1);
  });

  it('once the interaction token has expired, sends the step to the DM with its one picture when the channel refuses it', async () => {
    const channelId = h.standIn.secondChannelId;
    const opened = slash(h.standIn, PICTURE_STEPS_COMMAND, [], { channelId });
    await opened.visible();
    h.standIn.denyInChannel(channelId, PERMISSION.sendMessages);
    const button = buttonsOf(opened.original!).find((b) => b.label === STEP_BUTTONS.slow)!;
    const handle = click(h.standIn, opened.original!, button.custom_id, { ageMs: 1900 });
    // The deferral is the last thing the token allows.
    handle.on('event', (event: { kind: string; type?: number }) => {
      if (event.kind === 'callback' && event.type === 6) handle.expireToken();
    });
    const dm = await h.standIn.nextChannelWrite(h.standIn.dmChannelOf('100000000000000001'), 10_000);
    expect((embedsOf(dm)[0] as { title?: string }).title).toBe('Step 2');
    expect(dm.attachments.map((a) => a.filename)).toEqual([PICTURE_FILENAME]);
    // Refused on the way, as expected: the expired token's edit (401) and the channel without Send Messages (403).
    expect(h.standIn.rejections.splice(0).map((r) => r.status)).toEqual([401, 403]);
  });

  it('a public "thinking…" replaced by a private answer is deleted, not left behind', async () => {
    const handle = submitModal(h.standIn, 'memcheck-modal', { code: 'raise SystemExit' });
    const answer = await handle.visible();
    expect(handle.events[0]).toMatchObject({ kind: 'callback', type: 5 });
    expect(answer).toMatchObject({ kind: 'followup', data: { flags: MESSAGE_FLAGS.Ephemeral } });
    expect(handle.events.map((e) => e.kind)).toContain('delete');
  });
});
