// Builds the real core (real lessons, real commands) for tests, with logs silenced.
import { loadConfig } from '../../src/config.js';
import { createCore, type Core } from '../../src/core/index.js';
import type { Caller } from '../../src/core/messages.js';
import { createLogger } from '../../src/logger.js';

export function testCaller(overrides: Partial<Caller> = {}): Caller {
  return { platform: 'terminal', userId: 'u1', displayName: 'Ada', isAdmin: false, scopeId: 'test', channelId: 'c1', ...overrides };
}

export function testCore(env: NodeJS.ProcessEnv = {}): Promise<Core> {
  return createCore(loadConfig(env), createLogger('silent'));
}
