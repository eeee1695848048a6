// The Slack adapter: `startSlack` connects (Socket Mode or HTTP), registers the Slack poster with
// the core's Outbox (weekly quiz posts) and returns a handle that stops it all.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Core } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import type { RunningAdapter } from '../../start.js';
import { createSlackApp, type SlackMode } from './app.js';
import { slackPoster } from './poster.js';

export interface RunningSlack extends RunningAdapter {
  app: App;
  mode: SlackMode;
  /** The HTTP receiver's port (useful with port 0); undefined in Socket Mode. */
  port?: number;
}

export interface SlackListenOptions {
  /** Overrides SLACK_PORT (0 picks a free port). */
  port?: number;
  host?: string;
}

/** auth.test with the bot token; Slack's error code (invalid_auth, …) names what is wrong. */
async function verifyToken(app: App): Promise<void> {
  try {
    await app.init();
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`Slack did not accept SLACK_BOT_TOKEN (auth.test: ${code})`);
  }
}

export async function startSlack(core: Core, config: Config, logger: Logger, listen: SlackListenOptions = {}): Promise<RunningSlack> {
  const { app, mode } = createSlackApp(core, config, logger);
  await verifyToken(app);
  let port: number | undefined;
  if (mode === 'socket') {
    await app.start();
  } else {
    const server = (await app.start({ port: listen.port ?? config.SLACK_PORT, host: listen.host })) as Server;
    port = (server.address() as AddressInfo).port;
  }
  core.services.outbox.register('slack', slackPoster(app.client));
  logger.info({ mode, port }, 'slack: connected');
  return {
    name: 'slack',
    app,
    mode,
    port,
    async stop() {
      core.services.outbox.unregister('slack');
      await app.stop();
    },
  };
}
