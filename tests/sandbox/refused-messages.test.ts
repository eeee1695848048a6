// A result over the protocol's limits ends its run as `crashed` with the reason, and the child is
// kept; a second one costs the child. Driven by a stand-in child (fixtures/oversized-runner.mjs),
// since the real one caps everything before it sends.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { childPaths } from '../../sandbox/isolation.js';
import { silentLogger } from '../../sandbox/logger.js';
import { SandboxChild } from '../../sandbox/process.js';
import { buildReport } from '../../sandbox/report-builder.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const limits = { timeoutMs: 5000, measureMs: 1000, graceMs: 200, memoryBytes: 2 ** 27, outputBytes: 1024, rssLimitBytes: 2 ** 30, maxAgeMs: 60_000, reuse: false, verifyReset: false };

it('an over-limit result is a crashed report with the reason; the child stays until it does it again', async () => {
  const paths = { ...childPaths(), childDir: fixtures, runner: path.join(fixtures, 'oversized-runner.mjs') };
  let readyCount = 0;
  let exited = false;
  const child = new SandboxChild(paths, path.join(fixtures, 'no-snapshot'), limits, {
    ready: () => { readyCount += 1; },
    exit: () => { exited = true; },
  }, silentLogger);
  await expect.poll(() => readyCount, { timeout: 10_000 }).toBe(1);

  const first = await child.run('x = 1');
  expect(first).toMatchObject({ kind: 'crashed', refused: true });
  const report = buildReport(first, { python: '3.14.2', pyodideVersion: '314.0.7', timeoutMs: 5000, memoryMb: 128, outputKb: 64, totalMs: 1 });
  expect(report.status).toBe('crashed');
  expect(report.error?.message).toMatch(/cannot accept \(result\.crash: .*500/);
  await expect.poll(() => readyCount, { timeout: 10_000 }).toBe(2);
  expect(child.state).toBe('ready');

  expect(await child.run('x = 2')).toMatchObject({ kind: 'crashed' });
  await expect.poll(() => exited, { timeout: 10_000 }).toBe(true);
  expect(child.state).toBe('dead');
}, 30_000);
