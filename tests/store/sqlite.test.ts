import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreOpenError } from '../../src/store/index.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { runCli } from '../helpers/cli.js';
import { tempDatabasePath } from '../helpers/core.js';

const stores: SqliteStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function open(file: string): SqliteStore {
  const store = SqliteStore.open(file);
  stores.push(store);
  return store;
}

const user = { platform: 'discord' as const, userId: '42', displayName: 'Ada' };
const answer = (roundKey: string, choice: number) => ({
  user,
  scopeId: 'g',
  questionId: 'q1',
  section: 'Best Practices',
  roundKey,
  choice,
  correct: choice === 1,
  answeredAt: 1000,
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

  it('keeps data across reopening and migrates only once', async () => {
    const file = tempDatabasePath();
    await open(file).recordAnswer(answer('p:1', 1));
    stores.pop()!.close();
    expect((await open(file).userStats(user)).answered).toBe(1);
  });

  it('keeps the first answer per user, question and round; a later one changes nothing', async () => {
    const store = open(tempDatabasePath());
    expect(await store.recordAnswer(answer('p:1', 1))).toEqual({ status: 'recorded' });
    expect(await store.recordAnswer(answer('p:1', 0))).toEqual({ status: 'duplicate', previous: { choice: 1, correct: true } });
    expect(await store.recordAnswer(answer('p:2', 0))).toEqual({ status: 'recorded' });
    expect((await store.userStats(user)).answered).toBe(2);
  });

  it('takes one answer from many connections clicking at once (two processes share a file)', async () => {
    const file = tempDatabasePath();
    const a = open(file);
    const b = open(file);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).recordAnswer(answer('w:1', i % 2))));
    expect(results.filter((r) => r.status === 'recorded')).toHaveLength(1);
    expect((await a.userStats(user)).answered).toBe(1);
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
