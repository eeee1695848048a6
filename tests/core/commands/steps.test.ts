// The step-through through the router, on the real core with real SQLite and real pictures: ▶ Step
// through under a report, moving with ◀ ▶ ⏭ and "next memory change", buttons that survive a restart
// of the core on the same database, and expired runs. The trace is hand-built input data
// (tests/support/steps.ts) until the sandbox records traces.
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import type { Button, Reply } from '../../../src/core/messages.js';
import { STEP_RUN_TTL_MS } from '../../../src/core/store/store.js';
import { testCaller, testCore, tempDatabasePath } from '../../support/core.js';
import { expectWithinPlatformLimits } from '../../support/platform-limits.js';
import { PARENT_CHILD_EXAMPLE } from '../../support/memcheck.js';
import { parentChildTrace, PARENT_CHILD_LINES, tracingMemoryCheck } from '../../support/steps.js';

const caller = testCaller({ userId: 'stepper' });
const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function core(databasePath = tempDatabasePath(), extra = {}): Promise<App> {
  const app = await testCore({ DATABASE_PATH: databasePath }, { memcheck: tracingMemoryCheck(parentChildTrace(), extra) });
  apps.push(app);
  return app;
}

function button(reply: Reply, label: string): Button {
  const found = reply.buttons?.find((b) => b.label === label);
  if (!found) throw new Error(`no ${label} button in ${JSON.stringify(reply.buttons?.map((b) => b.label))}`);
  return found;
}

async function click(app: App, reply: Reply, label: string): Promise<Reply> {
  const next = await app.router.handleAction(button(reply, label).action, caller);
  expectWithinPlatformLimits(next);
  return next;
}

const caption = (reply: Reply) => reply.body.split('\n')[0];

describe('step-through', () => {
  it('steps from the report: ▶ Step through, ▶ Next, next memory change, ⏭ Last step', async () => {
    const app = await core();
    const report = await app.router.handleText(`/memcheck ${PARENT_CHILD_EXAMPLE}`, caller);
    expect(report.buttons?.map((b) => b.label)).toContain('▶ Step through');

    const first = await click(app, report, '▶ Step through');
    expect(caption(first)).toBe('**step 1/11 · line 1 · `Node` bound (`type`)**');
    expect(first.update).toBeUndefined();
    expect(first.picture).toBeUndefined();

    const second = await click(app, first, '▶ Next');
    expect(second.update).toBe(true);
    expect(caption(second)).toBe('**step 2/11 · line 3 · no memory change**');

    const change = await click(app, second, 'Next memory change');
    expect(caption(change)).toBe('**step 5/11 · line 7 · `parent` bound (`Node`)**');
    expect(change.update).toBe(true);
    const picture = change.attachments?.find((a) => a.filename === change.picture);
    expect(Buffer.from(picture!.data as Uint8Array).subarray(1, 4).toString()).toBe('PNG');

    const last = await click(app, change, '⏭ Last step');
    expect(caption(last)).toBe('**step 11/11 · line 12 · `b` bound (`list`), `a`: 1 → 2 refs**');
    expect(last.buttons?.filter((b) => b.disabled).map((b) => b.label)).toEqual(['▶ Next', '⏭ Last step', 'Next memory change']);
    expect(caption(await click(app, last, '◀ Back'))).toContain('step 10/11');
  }, 60_000);

  it('keeps its buttons working after the core restarts on the same database', async () => {
    const file = tempDatabasePath();
    const before = await core(file);
    const report = await before.router.handleText(`/memcheck ${PARENT_CHILD_EXAMPLE}`, caller);
    const first = await click(before, report, '▶ Step through');
    await apps.splice(0).pop()!.close();

    const after = await core(file);
    expect(caption(await click(after, first, '▶ Next'))).toContain('step 2/11');
    expect(caption(await click(after, report, '▶ Step through'))).toContain('step 1/11');
  }, 60_000);

  it('answers an unknown or expired run privately: run the check again', async () => {
    const app = await core();
    const old = await app.services.store.saveStepRun({ trace: parentChildTrace(), sourceLines: PARENT_CHILD_LINES, python: '3.14.0' }, Date.now() - STEP_RUN_TTL_MS - 1);
    for (const action of [`steps:${old}:1:s`, 'steps:AAAAAAAA:3:n', 'steps:../../x:1:n', 'steps:AAAAAAAA:0:n']) {
      const reply = await app.router.handleAction(action, caller);
      expect(reply).toMatchObject({ ephemeral: true, tone: 'warning' });
      expect(reply.body).toContain('This step-through has expired (traces are kept 24 hours): run the check again');
    }
  });

  it('offers the step-through in the hint about data left in function locals', async () => {
    const hint = { id: 'data-in-functions', line: 2, message: 'The program\'s data lived in local variables of `build`.' };
    const app = await core(tempDatabasePath(), { hints: [hint] });
    const report = await app.router.handleText('/memcheck def build():\n    return [1]\nbuild()', caller);
    expect(report.body).toContain('Or press ▶ Step through to watch those locals while the function runs.');
    expect(report.buttons?.[0]?.label).toBe('▶ Step through');
    expectWithinPlatformLimits(report);
  });
});
