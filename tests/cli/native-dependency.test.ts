// A broken native dependency at start-up: the SQLite driver's compiled part missing (an interrupted
// install) or unloadable gives one line saying what to run. The driver itself is pointed at a
// missing or broken binding, so the error is the real one the store catches.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openErrorMessage } from '../../src/store/sqlite.js';

function loadError(nativeBinding: string): unknown {
  try {
    new Database(':memory:', { nativeBinding }).close();
  } catch (error) {
    return error;
  }
  throw new Error('the driver loaded a binding that should not load');
}

const HINT = 'The SQLite driver could not load its compiled part (better-sqlite3). Run `npm rebuild better-sqlite3` (or `npm ci`) and start again.';

describe('a broken SQLite binding', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'memtutor-binding-'));

  it('missing: one line naming the command to run', () => {
    expect(openErrorMessage('at x.db', loadError(path.join(dir, 'missing', 'better_sqlite3.node')))).toBe(HINT);
  });

  it('not a loadable library (a truncated download): the same line', () => {
    const broken = path.join(dir, 'better_sqlite3.node');
    writeFileSync(broken, 'not an ELF file');
    expect(openErrorMessage('at x.db', loadError(broken))).toBe(HINT);
  });

  it('other open errors still name the database', () => {
    expect(openErrorMessage('at x.db', Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }))).toBe('Cannot use the database at x.db: disk I/O error');
  });
});
