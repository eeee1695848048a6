// The real core and the real Bolt app, started against a fresh stand-in in either receiver mode.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config.js';
import { createApp, type App, type AppOptions } from '../../../src/app.js';
import type { Core } from '../../../src/core/index.js';

import { createLogger } from '../../../src/logger.js';
import { launch } from '../../../src/adapters/adapter.js';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/index.js';
import { HttpDriver, SocketDriver, type SlackDriver } from './drivers.js';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, SlackStandIn } from './server.js';

export type ReceiverMode = 'http' | 'socket';

export interface SlackHarness {
  slack: SlackStandIn;
  core: App;
  adapter: SlackAdapter;
  driver: SlackDriver;
  /** The HTTP endpoint (HTTP mode only), for hand-made requests. */
  endpoint?: string;
  stop(): Promise<void>;
}

/**
 * With `shared`, the bot joins a stand-in another harness started (several bot processes, one workspace).
 * `extend` gives the adapter the core with test commands or actions added (e.g. withPictureSteps).
 */
export async function startHarness(
  mode: ReceiverMode,
  env: NodeJS.ProcessEnv = {},
  coreOptions: AppOptions = {},
  shared?: SlackStandIn,
  extend: (core: Core) => Core = (core) => core,
): Promise<SlackHarness> {
  const slack = shared ?? (await new SlackStandIn().start());
  // Each harness gets its own database, so parallel test files never share quiz state.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'memtutor-slack-'));
  const config = loadConfig({
    DATABASE_PATH: path.join(dataDir, 'memtutor.db'),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ADMIN_USERS: 'U0LISTED',
    ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    SANDBOX_POOL_SIZE: '1',
    ...env,
  });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const core = await createApp(config, logger, coreOptions);
  // Code blocks go to the real sandbox: warm one interpreter first, so answers fit the waits below.
  await core.warmUp();
  const adapter = createSlackAdapter(extend(core), config, logger, { port: 0, host: '127.0.0.1' });
  const running = await launch(adapter, core.services.outbox);
  const endpoint = adapter.port ? `http://127.0.0.1:${adapter.port}/slack/events` : undefined;
  const driver = endpoint ? new HttpDriver(endpoint, slack) : new SocketDriver(slack);
  return {
    slack,
    core,
    adapter,
    driver,
    endpoint,
    async stop() {
      // app.stop() resolves before the WebSocket has closed: wait for the close, or the client reconnects.
      await Promise.all([running.stop(), slack.socketClosed()]);
      if (!shared) await slack.stop();
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
