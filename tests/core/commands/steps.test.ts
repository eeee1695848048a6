// The step-through through the router, on the real core: the real sandbox records the trace, real
// SQLite keeps it, real pictures. ▶ Step through under a report, moving with ◀ ▶ ⏭ and "next memory
// change", buttons that survive a restart of the core on the same database, and expired runs.
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import type { Button, Reply } from '../../../src/core/messages.js';
import { STEP_RUN_TTL_MS } from '../../../src/core/store/store.js';
import { testCaller, testCore, tempDatabasePath } from '../../support/core.js';
import { PARENT_CHILD_EXAMPLE } from '../../support/memcheck.js';
import { expectWithinPlatformLimits } from '../../support/platform-limits.js';
import { parentChildTrace, PARENT_CHILD_LINES } from '../../support/steps.js';

const caller = testCaller({ userId: 'stepper' });
const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function core(databasePath = tempDatabasePath()): Promise<App> {
  const app = await testCore({ DATABASE_PATH: databasePath, SANDBOX_POOL_SIZE: '1', SANDBOX_CACHE_DIR: '.cache/sandbox-test' });
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

/** `step 7/15 · line 9 · …` as [7, 15, line 9, what changed]. */
function caption(reply: Reply): { step: number; of: number; line: number; changes: string } {
  const match = /^\*\*step (\d+)\/(\d+) · line (\d+) · (.*)\*\*$/.exec(reply.body.split('\n')[0]!);
  if (!match) throw new Error(`not a step: ${reply.body.slice(0, 200)}`);
  return { step: Number(match[1]), of: Number(match[2]), line: Number(match[3]), changes: match[4]! };
}

describe('step-through', () => {
  it('steps from the report: ▶ Step through, ▶ Next, next memory change, ⏭ Last step, ◀ Back', async () => {
    const app = await core();
    const report = await app.router.handleText(`/memcheck ${PARENT_CHILD_EXAMPLE}`, caller);
    expect(report.buttons?.[0]?.label).toBe('▶ Step through');

    const first = await click(app, report, '▶ Step through');
    expect(caption(first)).toMatchObject({ step: 1, line: 1 });
    expect(first.update).toBeUndefined();
    expect(first.body).toContain('```\nclass Node:\n```');

    const second = await click(app, first, '▶ Next');
    expect(second.update).toBe(true);
    expect(caption(second).step).toBe(2);

    const change = await click(app, second, 'Next memory change');
    expect(change.update).toBe(true);
    expect(caption(change).step).toBeGreaterThan(2);
    expect(caption(change).changes).not.toBe('no memory change');

    const last = await click(app, change, '⏭ Last step');
    const { step, of, line, changes } = caption(last);
    expect([step, line, changes]).toEqual([of, 12, '`b` bound (`list`), `a`: 1 → 2 refs']);
    expect(last.body).toMatch(/ {2}a: list · 2 refs · len 3 · \[1, 2, 3\]/);
    expect(last.buttons?.filter((b) => b.disabled).map((b) => b.label)).toEqual(['▶ Next', '⏭ Last step', 'Next memory change']);
    const picture = last.attachments?.find((a) => a.filename === last.picture);
    expect(Buffer.from(picture!.data as Uint8Array).subarray(1, 4).toString()).toBe('PNG');
    expect(caption(await click(app, last, '◀ Back')).step).toBe(of - 1);
  }, 120_000);

  it('keeps its buttons working after the core restarts on the same database', async () => {
    const file = tempDatabasePath();
    const before = await core(file);
    const report = await before.router.handleText(`/memcheck ${PARENT_CHILD_EXAMPLE}`, caller);
    const first = await click(before, report, '▶ Step through');
    await apps.splice(0).pop()!.close();

    const after = await core(file);
    expect(caption(await click(after, first, '▶ Next')).step).toBe(2);
    expect(caption(await click(after, report, '▶ Step through')).step).toBe(1);
  }, 120_000);

  it('answers an unknown or expired run privately: run the check again', async () => {
    const app = await core();
    const old = await app.services.store.saveStepRun({ trace: parentChildTrace(), sourceLines: PARENT_CHILD_LINES, python: '3.14.0' }, Date.now() - STEP_RUN_TTL_MS - 1);
    for (const action of [`steps:${old}:1:s`, 'steps:AAAAAAAA:3:n', 'steps:../../x:1:n', 'steps:AAAAAAAA:0:n']) {
      const reply = await app.router.handleAction(action, caller);
      expect(reply).toMatchObject({ ephemeral: true, tone: 'warning' });
      expect(reply.body).toContain('This step-through has expired (traces are kept 24 hours): run the check again');
    }
  });

  it('offers the step-through in the hint about data left in function locals, and shows those locals', async () => {
    const app = await core();
    const report = await app.router.handleText('/memcheck def build():\n    data = [1, 2, 3]\n    return len(data)\n\nbuild()', caller);
    expect(report.body).toContain('Or press ▶ Step through to watch those locals while the function runs.');
    expectWithinPlatformLimits(report);
    let step = await click(app, report, '▶ Step through');
    for (let i = 0; i < 10 && !step.body.includes('data: list'); i++) step = await click(app, step, 'Next memory change');
    expect(step.body).toMatch(/build \(line \d\)\n {2}data: list · 1 ref · len 3 · \[1, 2, 3\]/);
  }, 120_000);
});
