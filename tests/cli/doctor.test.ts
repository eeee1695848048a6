// `memtutor doctor`: plain-words findings about configuration, database, queue, sandbox
// isolation and platform tokens, exit 1 only when something must be fixed, secrets never printed.
import { afterAll, describe, expect, it } from 'vitest';
import { diagnose, type Finding } from '../../src/cli/doctor.js';
import { createLogger } from '../../src/logger.js';
import { startSandboxWorker } from '../../src/memcheck/queue/worker.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { isolatedEnv, runCli } from '../support/cli.js';
import { tempDatabasePath } from '../support/core.js';
import { startTestPostgres } from '../support/postgres.js';
import { queueClient, timedSandbox } from '../support/queue.js';

const APP_ID = '123456789012345678';
const tokenFor = (botId: string) => `${Buffer.from(botId).toString('base64url')}.Gx1yZw.s3cr3t-part-of-the-token`;
const finding = (findings: Finding[], topic: string) => findings.find((f) => f.topic === topic)!;
const base = () => ({ DATABASE_PATH: tempDatabasePath() });

describe('memtutor doctor', () => {
  it('passes a default installation and exits 0', async () => {
    const { code, stdout } = await runCli(['doctor'], { env: isolatedEnv() });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok {4}configuration: every variable is valid$/m);
    expect(stdout).toMatch(/^ok {4}database: SQLite file .* does not exist yet; memtutor creates it at start/m);
    expect(stdout).toMatch(/^(ok {2}|WARN) {2}sandbox isolation: Pyodide \d/m);
    expect(stdout).toMatch(/^ok {4}platforms: no platform tokens/m);
  });

  it('names a bad variable and exits 1', async () => {
    const { code, stdout } = await runCli(['doctor'], { env: isolatedEnv({ SANDBOX_QUEUE: 'redis' }) });
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL  configuration: Invalid configuration: SANDBOX_QUEUE must be one of: local, postgres');
    expect(stdout).toContain('1 problem to fix.');
  });

  it('checks a Discord token offline: its bot id must be the application id; the token is never printed', async () => {
    const matching = finding(await diagnose({ ...base(), DISCORD_TOKEN: tokenFor(APP_ID), DISCORD_APP_ID: APP_ID, DISCORD_SHARDS: '1', DISCORD_SHARD_COUNT: '2' }), 'discord');
    expect(matching).toMatchObject({ verdict: 'ok' });
    expect(matching.detail).toContain('runs shards 1 of 2');
    const other = finding(await diagnose({ ...base(), DISCORD_TOKEN: tokenFor('987654321098765432'), DISCORD_APP_ID: APP_ID }), 'discord');
    expect(other).toMatchObject({ verdict: 'warn' });
    expect(other.detail).toContain('belongs to bot 987654321098765432, but DISCORD_APP_ID is 123456789012345678');
    const garbled = await diagnose({ ...base(), DISCORD_TOKEN: 'not-a-token', DISCORD_APP_ID: APP_ID });
    expect(finding(garbled, 'discord')).toMatchObject({ verdict: 'fail' });
    expect(JSON.stringify([matching, other, garbled])).not.toMatch(/s3cr3t|not-a-token/);
  });

  it('checks the shape of Slack tokens', async () => {
    const bad = finding(await diagnose({ ...base(), SLACK_BOT_TOKEN: 'xoxb-oops', SLACK_SIGNING_SECRET: 'short' }), 'slack');
    expect(bad.verdict).toBe('fail');
    expect(bad.detail).toContain('SLACK_BOT_TOKEN does not look like a bot token');
    expect(bad.detail).toContain('SLACK_SIGNING_SECRET should be 32 hexadecimal characters');
    const good = finding(await diagnose({ ...base(), SLACK_BOT_TOKEN: 'xoxb-1234-5678-abcDEF', SLACK_SIGNING_SECRET: 'a'.repeat(32) }), 'slack');
    expect(good).toMatchObject({ verdict: 'ok' });
  });

  it('fails a sandbox worker machine that has no queue to serve', async () => {
    const findings = await diagnose(base(), { worker: true });
    expect(finding(findings, 'sandbox queue')).toMatchObject({ verdict: 'fail' });
    expect(findings.map((f) => f.topic)).toEqual(['configuration', 'sandbox queue', 'sandbox isolation']);
  });

  it('says a database cannot be reached without printing its password', async () => {
    const findings = await diagnose({ DATABASE_URL: 'postgres://bot:pa55word@127.0.0.1:1/memtutor', SANDBOX_QUEUE: 'postgres' });
    expect(finding(findings, 'database').verdict).toBe('fail');
    expect(finding(findings, 'database').detail).toContain('cannot be reached');
    expect(finding(findings, 'sandbox queue').verdict).toBe('fail');
    expect(JSON.stringify(findings)).not.toContain('pa55word');
  });
});

const server = await startTestPostgres();
const skipped = 'skipped' in server;
if (skipped) console.warn(server.skipped);
afterAll(async () => {
  if (!skipped) await server.stop();
});

describe.skipIf(skipped)('memtutor doctor against PostgreSQL', () => {
  const running = server as Exclude<typeof server, { skipped: string }>;

  it('follows a deployment from an empty database to a migrated store, a ready queue and a live worker', async () => {
    const url = await running.createDatabase();
    const env = { DATABASE_URL: url, SANDBOX_QUEUE: 'postgres' };
    let findings = await diagnose(env);
    expect(finding(findings, 'database')).toMatchObject({ verdict: 'warn', detail: expect.stringContaining('not migrated') });
    expect(finding(findings, 'sandbox queue')).toMatchObject({ verdict: 'warn', detail: expect.stringContaining("queue's tables are missing") });
    expect(finding(findings, 'sandbox isolation').detail).toContain('memtutor doctor --worker');

    await (await PostgresStore.open(url, 1)).close();
    const bot = queueClient(url);
    await bot.warmUp();
    findings = await diagnose(env);
    expect(finding(findings, 'database')).toMatchObject({ verdict: 'ok', detail: expect.stringContaining('schema is up to date') });
    expect(finding(findings, 'sandbox queue')).toMatchObject({ verdict: 'warn', detail: expect.stringContaining('no sandbox worker is running') });

    const worker = await startSandboxWorker({ url, sandbox: timedSandbox(1, 'w'), slots: 3, logger: createLogger('silent') });
    try {
      expect(finding(await diagnose(env), 'sandbox queue')).toMatchObject({ verdict: 'ok', detail: expect.stringContaining('1 sandbox worker running, 3 checks at once') });
      expect(finding(await diagnose({ SANDBOX_QUEUE_URL: url }, { worker: true }), 'sandbox queue').verdict).toBe('ok');
    } finally {
      await worker.stop();
      await bot.close();
    }
  });
});
