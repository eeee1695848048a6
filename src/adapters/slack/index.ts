// The Slack adapter: a Bolt app that connects over Socket Mode or HTTP when started, and the Slack
// poster for the core's own posts (weekly quiz).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Core } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import type { PlatformAdapter } from '../adapter.js';
import { createSlackApp, type SlackMode } from './app.js';
import { slackPoster } from './poster.js';

export interface SlackListenOptions {
  /** Overrides SLACK_PORT (0 picks a free port). */
  port?: number;
  host?: string;
}

export interface SlackAdapter extends PlatformAdapter {
  readonly app: App;
  readonly mode: SlackMode;
  /** The HTTP receiver's port once started (useful with port 0); undefined in Socket Mode. */
  readonly port: number | undefined;
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

export function createSlackAdapter(core: Core, config: Config, logger: Logger, listen: SlackListenOptions = {}): SlackAdapter {
  const { app, mode, background } = createSlackApp(core, config, logger);
  let port: number | undefined;
  return {
    name: 'slack',
    app,
    mode,
    get port() {
      return port;
    },
    poster: slackPoster(background),
    async start() {
      await verifyToken(app);
      if (mode === 'socket') {
        await app.start();
      } else {
        const server = (await app.start({ port: listen.port ?? config.SLACK_PORT, host: listen.host })) as Server;
        port = (server.address() as AddressInfo).port;
      }
      logger.info({ mode, port }, 'slack: connected');
    },
    async stop() {
      await app.stop();
    },
  };
}
