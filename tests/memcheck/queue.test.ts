// Remote sandbox workers through the PostgreSQL queue (graphile-worker), against a real server:
// admission shared by every bot process, reports delivered once, a dead worker's job run by
// another, and a clean drain on SIGTERM. Queue semantics use a timed stand-in sandbox; the real
// Pyodide worker runs in the end-to-end, SIGKILL and SIGTERM cases.
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { ALREADY_RUNNING } from '../../src/memcheck/admission.js';
import { startSandboxWorker, type SandboxWorker } from '../../src/memcheck/queue/worker.js';
import { sandboxOptions } from '../../src/memcheck/sandboxed.js';
import { loadConfig } from '../../src/config.js';
import { createSandbox, type Sandbox } from '../../sandbox/index.js';
import { startTestPostgres } from '../support/postgres.js';
import { exitOf, liveWorkers, queryOnce, queueClient, spawnWorkerProcess, timedSandbox, waitFor } from '../support/queue.js';

const server = await startTestPostgres();
const skipped = 'skipped' in server;
if (skipped) console.warn(server.skipped);
afterAll(async () => {
  if (!skipped) await server.stop();
});

const silent = createLogger('silent');
const worker = (url: string, sandbox: Sandbox, slots = 1): Promise<SandboxWorker> => startSandboxWorker({ url, sandbox, slots, logger: silent });

/** The job graphile-worker has locked for a request, once a worker took it. */
const lockedJob = (url: string) => async () =>
  (await queryOnce<{ n: number }>(url, `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE locked_by IS NOT NULL`))[0]!.n > 0;

describe.skipIf(skipped)('memory checks through the PostgreSQL queue', () => {
  const running = server as Exclude<typeof server, { skipped: string }>;

  it('runs a check on a real sandbox worker and delivers its report', async () => {
    const url = await running.createDatabase();
    const sandbox = createSandbox({ ...sandboxOptions(loadConfig({}), silent), poolSize: 1 });
    const served = await worker(url, sandbox);
    const bot = queueClient(url);
    try {
      const report = await bot.check('xs = [1, 2, 3]\nprint(len(xs))', { userId: 'ada' });
      expect(report.status).toBe('ok');
      expect(report.stdout).toBe('3\n');
      expect(report.variables.map((v) => v.name)).toContain('xs');
    } finally {
      await bot.close();
      await served.stop();
    }
  }, 60_000);

  it('admits one check per user across bot processes, and queues only up to the limit', async () => {
    const url = await running.createDatabase();
    const served = await worker(url, timedSandbox(800, 'w'));
    const [botA, botB] = [queueClient(url, { queueLimit: 1 }), queueClient(url, { queueLimit: 1 })];
    try {
      const first = botA.check('a', { userId: 'ada' });
      await waitFor(lockedJob(url), 'the first check to start');
      const again = await botB.check('b', { userId: 'ada' });
      expect(again.status).toBe('rejected');
      expect(again.error?.message).toBe(ALREADY_RUNNING);
      const second = botB.check('c', { userId: 'bob' }); // waits: one slot busy, queue limit 1
      await waitFor(async () => (await queryOnce<{ n: number }>(url, 'SELECT count(*)::int AS n FROM memtutor_memcheck_requests'))[0]!.n === 2, 'the second check to queue');
      const third = await botA.check('d', { userId: 'cy' });
      expect(third.status).toBe('rejected');
      expect(third.error?.message).toMatch(/busy \(1 checks waiting\)\. Try again in a moment/);
      expect((await first).stdout).toBe('w:a');
      expect((await second).stdout).toBe('w:c');
      // Once answered, the user may check again.
      expect((await botB.check('e', { userId: 'ada' })).stdout).toBe('w:e');
    } finally {
      await Promise.all([botA.close(), botB.close()]);
      await served.stop();
    }
  });

  it('says busy when no sandbox worker is running', async () => {
    const url = await running.createDatabase();
    const bot = queueClient(url);
    try {
      const report = await bot.check('x = 1', { userId: 'ada' });
      expect(report.status).toBe('rejected');
      expect(report.error?.message).toMatch(/No sandbox worker is running/);
    } finally {
      await bot.close();
    }
  });

  it('gives up on a check no worker answers in time, says so, and lets the user try again', async () => {
    const url = await running.createDatabase();
    const slow = timedSandbox(2500, 'slow');
    const served = await worker(url, slow);
    const bot = queueClient(url, { waitMs: 1000 });
    try {
      const late = await bot.check('first', { userId: 'ada' });
      expect(late.status).toBe('rejected');
      expect(late.error?.message).toBe('No sandbox worker answered in time. Try again in a moment.');
      // The worker finishes the abandoned check, but there is no one to deliver it to, and no row left behind.
      await waitFor(async () => slow.ran.length === 1 && (await queryOnce<{ n: number }>(url, 'SELECT count(*)::int AS n FROM graphile_worker.jobs'))[0]!.n === 0, 'the abandoned job to finish', 10_000);
      expect((await queryOnce<{ n: number }>(url, 'SELECT count(*)::int AS n FROM memtutor_memcheck_requests'))[0]!.n).toBe(0);
      const patient = queueClient(url, { waitMs: 10_000 });
      expect((await patient.check('second', { userId: 'ada' })).stdout).toBe('slow:second');
      await patient.close();
    } finally {
      await bot.close();
      await served.stop();
    }
  });

  it('frees the checks of a bot that shuts down, so its users may check through another bot at once', async () => {
    const url = await running.createDatabase();
    const slow = timedSandbox(1500, 'slow');
    const served = await worker(url, slow);
    const [leaving, staying] = [queueClient(url), queueClient(url)];
    try {
      const inFlight = leaving.check('first', { userId: 'ada' });
      await waitFor(lockedJob(url), 'the check to start');
      await leaving.close();
      expect((await inFlight).error?.type).toBe('SandboxClosed');
      expect((await staying.check('second', { userId: 'ada' })).stdout).toBe('slow:second');
      expect(slow.ran).toEqual(['first', 'second']);
    } finally {
      await staying.close();
      await served.stop();
    }
  });

  it('answers a cancelled check at once and admits the user\'s next one (best-effort: a running job runs on)', async () => {
    const url = await running.createDatabase();
    const slow = timedSandbox(1500, 'slow');
    const served = await worker(url, slow);
    const bot = queueClient(url, { waitMs: 10_000 });
    try {
      const controller = new AbortController();
      const inFlight = bot.check('first', { userId: 'ada', signal: controller.signal });
      await waitFor(lockedJob(url), 'the check to start');
      const abortedAt = Date.now();
      controller.abort();
      expect((await inFlight).status).toBe('cancelled');
      expect(Date.now() - abortedAt).toBeLessThan(500);
      expect((await bot.check('second', { userId: 'ada' })).stdout).toBe('slow:second');
      expect(slow.ran).toEqual(['first', 'second']);
    } finally {
      await bot.close();
      await served.stop();
    }
  });

  it('spreads many users over two workers and answers each check once, with its own report', async () => {
    const url = await running.createDatabase();
    const [sandboxA, sandboxB] = [timedSandbox(30, 'A'), timedSandbox(30, 'B')];
    const workers = await Promise.all([worker(url, sandboxA, 2), worker(url, sandboxB, 2)]);
    const bots = [queueClient(url), queueClient(url)];
    try {
      const reports = await Promise.all(Array.from({ length: 40 }, (_, i) => bots[i % 2]!.check(`code-${i}`, { userId: `user-${i}` })));
      expect(reports.map((r) => r.stdout.replace(/^[AB]:/, ''))).toEqual(Array.from({ length: 40 }, (_, i) => `code-${i}`));
      const ran = [...sandboxA.ran, ...sandboxB.ran].sort();
      expect(ran).toHaveLength(40);
      expect(new Set(ran).size).toBe(40);
      expect(sandboxA.ran.length).toBeGreaterThan(0);
      expect(sandboxB.ran.length).toBeGreaterThan(0);
      const left = await queryOnce<{ n: number }>(url, 'SELECT count(*)::int AS n FROM memtutor_memcheck_requests');
      expect(left[0]!.n).toBe(0);
    } finally {
      await Promise.all(bots.map((b) => b.close()));
      await Promise.all(workers.map((w) => w.stop()));
    }
  });

  it('hands the job of a SIGKILLed worker to another worker and delivers one report', async () => {
    const url = await running.createDatabase();
    const doomed = spawnWorkerProcess(url);
    const bot = queueClient(url);
    let survivor: SandboxWorker | undefined;
    try {
      await waitFor(async () => (await liveWorkers(url)) === 1, `the worker to start:\n${doomed.log()}`, 60_000);
      const report = bot.check('while True:\n    pass', { userId: 'ada' });
      await waitFor(lockedJob(url), 'the worker to take the job');
      doomed.kill('SIGKILL');
      await exitOf(doomed);
      const rescuer = timedSandbox(10, 'rescuer');
      survivor = await worker(url, rescuer);
      expect((await report).stdout).toBe('rescuer:while True:\n    pass');
      expect(rescuer.ran).toHaveLength(1);
    } finally {
      await bot.close();
      await survivor?.stop();
    }
  }, 60_000);

  it('drains on SIGTERM: the check in hand is answered, then the worker exits 0', async () => {
    const url = await running.createDatabase();
    const draining = spawnWorkerProcess(url);
    const bot = queueClient(url);
    try {
      await waitFor(async () => (await liveWorkers(url)) === 1, `the worker to start:\n${draining.log()}`, 60_000);
      const report = bot.check('while True:\n    pass', { userId: 'ada' });
      await waitFor(lockedJob(url), 'the worker to take the job');
      draining.kill('SIGTERM');
      expect((await report).status).toBe('timeout');
      expect(await exitOf(draining)).toBe(0);
      expect(await liveWorkers(url)).toBe(0);
    } finally {
      await bot.close();
    }
  }, 60_000);
});
