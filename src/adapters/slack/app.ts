// Builds the Bolt app: the receiver the configuration asks for (Socket Mode when an app token is
// set, else the HTTP receiver), the Web API pointed at SLACK_API_URL, and every listener.
import { App, HTTPReceiver, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Core } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import { register as registerActions } from './actions/index.js';
import { CallerDirectory } from './callers.js';
import { register as registerCommands } from './commands/index.js';
import { ignoreRedeliveredEvents } from './deduplicate.js';
import type { SlackContext } from './context.js';
import { SlackDelivery } from './deliver.js';
import { register as registerEvents } from './events/index.js';
import { boltLogger } from './logger.js';
import { ChannelPacer } from './pacing.js';
import { register as registerShortcuts } from './shortcuts/index.js';
import { register as registerViews } from './views/index.js';

export type SlackMode = 'socket' | 'http';

export interface SlackApp {
  app: App;
  mode: SlackMode;
  /** The core's own posts (weekly rounds, results): a Web API client and queue of their own. */
  background: SlackDelivery;
}

/**
 * A chat reply is only useful soon: two quick retries instead of the Web API's default of
 * retrying for half an hour.
 */
const RETRY_POLICY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 };
/** A weekly round must arrive whole: more patience, each 429 waited out for its Retry-After. */
const BACKGROUND_RETRY_POLICY: webApi.RetryOptions = { retries: 6, factor: 2, minTimeout: 500, maxTimeout: 10_000 };

export function createSlackApp(core: Core, config: Config, logger: Logger): SlackApp {
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is required for the Slack adapter');
  const clientOptions: webApi.WebClientOptions = { slackApiUrl: config.SLACK_API_URL, retryConfig: RETRY_POLICY };
  const mode: SlackMode = config.SLACK_APP_TOKEN ? 'socket' : 'http';
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    // The adapter's start() awaits app.init() (auth.test), so a bad token fails start-up with a clear error
    // instead of an unhandled rejection from the constructor.
    deferInitialization: true,
    receiver: createReceiver(config, clientOptions, logger),
    clientOptions,
    logger: boltLogger(logger),
  });
  // One pacer for both clients: Slack's limit is per channel, whoever posts.
  const pacer = new ChannelPacer();
  // The Web API client pauses its whole queue while it waits out a 429: background posting gets its
  // own client, so a burst there never holds up an interactive reply.
  const backgroundClient = new webApi.WebClient(config.SLACK_BOT_TOKEN, { ...clientOptions, retryConfig: BACKGROUND_RETRY_POLICY, logger: boltLogger(logger) });
  const ctx: SlackContext = {
    router: core.router,
    callers: new CallerDirectory(app.client, config.SLACK_ADMIN_USERS, logger),
    delivery: new SlackDelivery(app.client, logger, pacer),
    logger,
  };
  app.use(ignoreRedeliveredEvents(core.services.store, logger));
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerEvents(app, ctx);
  registerShortcuts(app, ctx);
  registerViews(app, ctx);
  app.error(async (error) => {
    logger.error({ err: error }, 'slack: a listener failed');
  });
  return { app, mode, background: new SlackDelivery(backgroundClient, logger, pacer) };
}

function createReceiver(config: Config, clientOptions: webApi.WebClientOptions, logger: Logger): Receiver {
  if (config.SLACK_APP_TOKEN) {
    // Socket Mode's own Web API client (apps.connections.open) takes its options from here.
    return new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN, logger: boltLogger(logger), installerOptions: { clientOptions } });
  }
  if (!config.SLACK_SIGNING_SECRET) throw new Error('SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is required for the Slack adapter');
  // processBeforeResponse stays false: requests are acknowledged as soon as a listener calls ack().
  return new HTTPReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, logger: boltLogger(logger), processBeforeResponse: false });
}
