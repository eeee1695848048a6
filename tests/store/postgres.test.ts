import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, StoreOpenError } from '../../src/store/index.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { PG_MIGRATIONS } from '../../src/store/postgres-migrations.js';
import { isolatedEnv, runCli } from '../support/cli.js';
import { startTestPostgres } from '../support/postgres.js';
import { describeStoreContract } from './contract.js';

const server = await startTestPostgres();
const skipped = 'skipped' in server;
if (skipped) console.warn(server.skipped);
afterAll(async () => {
  if (!skipped) await server.stop();
});

describe.skipIf(skipped)('PostgreSQL store', () => {
  const running = server as Exclude<typeof server, { skipped: string }>;

  describeStoreContract('PostgreSQL', {
    async freshDatabase() {
      const url = await running.createDatabase();
      return () => PostgresStore.open(url, 4);
    },
  });

  it('is chosen by DATABASE_URL and records its schema version', async () => {
    const url = await running.createDatabase();
    const store = await openStore({ DATABASE_URL: url, DATABASE_PATH: '/nonexistent/never-used.db' });
    await store.close();
    expect(store).toBeInstanceOf(PostgresStore);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM memtutor_schema');
    await client.end();
    expect(rows).toEqual([{ version: PG_MIGRATIONS.length }]);
  });

  it('migrates once when several processes start on an empty database at the same moment', async () => {
    const url = await running.createDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open(url, 2)));
    expect(await stores[0]!.claimEvent('e', 1000)).toBe(true);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('refuses a database from a newer memtutor', async () => {
    const url = await running.createDatabase();
    await (await PostgresStore.open(url)).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('UPDATE memtutor_schema SET version = version + 5');
    await client.end();
    await expect(PostgresStore.open(url)).rejects.toThrow(/newer than this memtutor knows/);
  });
});

describe('PostgreSQL store start-up errors', () => {
  it('names an unreachable server in one line without the password', async () => {
    const error = await PostgresStore.open('postgres://bot:s3cret-pw@127.0.0.1:1/memtutor').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Cannot use the PostgreSQL database at 127\.0\.0\.1:1\/memtutor: the server cannot be reached \(ECONNREFUSED\)\./);
    expect(message).not.toContain('s3cret-pw');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('stops `memtutor chat` at start-up with one line when DATABASE_URL cannot be reached', async () => {
    const result = await runCli(['chat'], { input: '/help\n', env: isolatedEnv({ DATABASE_URL: 'postgres://bot:s3cret-pw@127.0.0.1:1/memtutor' }) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^memtutor: Cannot use the PostgreSQL database at 127\.0\.0\.1:1\/memtutor: the server cannot be reached/)]);
    expect(result.stderr).not.toContain('s3cret-pw');
    expect(result.stdout).toBe('');
  });
});
