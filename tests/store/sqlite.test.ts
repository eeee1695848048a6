import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreOpenError } from '../../src/store/index.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { runCli } from '../support/cli.js';
import { tempDatabasePath } from '../support/core.js';
import { describeStoreContract } from './contract.js';

const stores: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function open(file: string): SqliteStore {
  const store = SqliteStore.open(file);
  stores.push(store);
  return store;
}

describeStoreContract('SQLite', {
  async freshDatabase() {
    const file = tempDatabasePath();
    return async () => SqliteStore.open(file);
  },
});

describe('SqliteStore', () => {
  it('creates the directory, uses WAL and records the schema version', () => {
    const file = path.join(path.dirname(tempDatabasePath()), 'nested', 'dir', 'bot.db');
    open(file);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a corrupt file with one clear line and leaves it untouched', () => {
    const file = tempDatabasePath();
    const garbage = 'this is not a database '.repeat(300);
    writeFileSync(file, garbage);
    expect(() => SqliteStore.open(file)).toThrow(StoreOpenError);
    expect(() => SqliteStore.open(file)).toThrow(/^Cannot use the database at .+: the file is corrupt or not a SQLite database\. .*will not recreate it\.$/);
  });

  it('refuses a database from a newer memtutor', () => {
    const file = tempDatabasePath();
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => SqliteStore.open(file)).toThrow(/newer than this memtutor knows/);
  });

  it('refuses a path it cannot write', () => {
    const blocker = tempDatabasePath();
    writeFileSync(blocker, 'a file where a directory should be');
    expect(() => SqliteStore.open(path.join(blocker, 'sub', 'bot.db'))).toThrow(/^Cannot use the database at .+: it cannot be opened for writing/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a read-only directory', () => {
    const dir = path.join(tmpdir(), `memtutor-ro-${process.pid}-${Date.now()}`);
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    expect(() => SqliteStore.open(path.join(dir, 'bot.db'))).toThrow(/cannot be opened for writing/);
  });

  it('stops `memtutor chat` at start-up with one line when the database is corrupt', async () => {
    const file = tempDatabasePath();
    writeFileSync(file, 'garbage '.repeat(1000));
    const result = await runCli(['chat'], { input: '/help\n', env: { PATH: process.env.PATH, DATABASE_PATH: file } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^memtutor: Cannot use the database at .+ corrupt or not a SQLite database/);
    expect(result.stdout).toBe('');
  });
});
