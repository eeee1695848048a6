// Builds the real core (real lessons, real commands) for tests, with logs silenced.
import { loadConfig } from '../../src/config.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import type { Caller } from '../../src/core/messages.js';
import { createLogger } from '../../src/logger.js';

export function testCaller(overrides: Partial<Caller> = {}): Caller {
  return { platform: 'terminal', userId: 'u1', displayName: 'Ada', isAdmin: false, scopeId: 'test', channelId: 'c1', ...overrides };
}

/** A fresh SQLite file in a temp directory, so tests never share or touch ./data. */
export function tempDatabasePath(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'memtutor-test-')), 'memtutor.db');
}

export function testCore(env: NodeJS.ProcessEnv = {}, options: AppOptions = {}): Promise<App> {
  return createApp(loadConfig({ DATABASE_PATH: tempDatabasePath(), ...env }), createLogger('silent'), options);
}
