// The step-through on Discord, through the stand-in's platform rules (unique custom ids, embed and
// component limits): ▶ Step through under a report opens the first step in a new message, and ▶ Next
// replaces that message with the next step. Real core, real sandbox and tracer, real pictures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, click, submitModal, textOf, visibleAnswer, type Harness, startHarness } from '../../support/discord-stand-in/harness.js';
import { PARENT_CHILD_EXAMPLE } from '../../support/memcheck.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ SANDBOX_POOL_SIZE: '1', SANDBOX_CACHE_DIR: '.cache/sandbox-test' });
});

afterAll(async () => {
  await h?.close();
  await h?.core.close();
});

const latestMessage = () => h.standIn.messagesIn(h.standIn.channelId).at(-1)!;

describe('step-through on Discord', () => {
  it('opens step 1 in a new message under the report, then steps in place', async () => {
    await visibleAnswer(submitModal(h.standIn, 'memcheck-modal', { code: PARENT_CHILD_EXAMPLE }));
    const report = latestMessage();
    const start = buttonsOf(report).find((b) => b.label === '▶ Step through');
    expect(start?.custom_id).toMatch(/^steps:[\w-]{8}:1:s$/);

    const first = await visibleAnswer(click(h.standIn, report, start!.custom_id));
    expect(textOf(first)).toMatch(/step 1\/\d+ · line 1 · /);
    const stepMessage = latestMessage();
    expect(stepMessage.id).not.toBe(report.id);
    expect(buttonsOf(first).map((b) => [b.label, b.disabled ?? false])).toEqual([
      ['◀ Back', true],
      ['▶ Next', false],
      ['⏭ Last step', false],
      ['Next memory change', false],
    ]);

    const next = buttonsOf(first).find((b) => b.label === '▶ Next')!;
    const second = await visibleAnswer(click(h.standIn, stepMessage, next.custom_id));
    expect(textOf(second)).toMatch(/step 2\/\d+ · /);
    expect(latestMessage().id).toBe(stepMessage.id);
    expect(stepMessage.edits).toBe(1);
  }, 120_000);
});
