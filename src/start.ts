// `npm start`: runs every chat platform the configuration enables, or the terminal chat if none.
import { enabledPlatforms, type Config } from './config.js';
import { createCore, type Core } from './core/index.js';
import type { Logger } from './logger.js';
import { runTerminalChat } from './adapters/terminal/chat.js';

/** A running platform adapter. */
export interface RunningAdapter {
  name: string;
  stop(): Promise<void>;
}

export async function runTerminal(config: Config, logger: Logger): Promise<void> {
  const core = await createCore(config, logger);
  try {
    await runTerminalChat({ router: core.router, outbox: core.services.outbox });
  } finally {
    await core.close();
  }
}

export async function startBot(config: Config, logger: Logger): Promise<void> {
  const platforms = enabledPlatforms(config);
  if (platforms.length === 0) {
    logger.info('no platform tokens configured: opening the terminal chat');
    return runTerminal(config, logger);
  }
  // Listen before starting: a SIGTERM during start-up (the sandbox warm-up blocks briefly) still stops cleanly.
  const shutdown = waitForShutdownSignal(logger);
  const core = await createCore(config, logger);
  const adapters = await startAll(platforms, core, config, logger);
  // Memory checks should be quick from the first message: warm the sandbox pool in the background.
  void core.services.memcheck.warmUp();
  await shutdown;
  await Promise.allSettled(adapters.map((a) => a.stop()));
  await core.close();
}

/** Starts every adapter; if one fails, stops the others and the core (sandbox pool, timers) so the process can exit. */
async function startAll(platforms: Array<'discord' | 'slack'>, core: Core, config: Config, logger: Logger): Promise<RunningAdapter[]> {
  const results = await Promise.allSettled(platforms.map((platform) => startAdapter(platform, core, config, logger)));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failure) return results.map((r) => (r as PromiseFulfilledResult<RunningAdapter>).value);
  const started = results.filter((r): r is PromiseFulfilledResult<RunningAdapter> => r.status === 'fulfilled');
  await Promise.allSettled(started.map((r) => r.value.stop()));
  await core.close();
  throw failure.reason;
}

async function startAdapter(platform: 'discord' | 'slack', core: Core, config: Config, logger: Logger): Promise<RunningAdapter> {
  switch (platform) {
    case 'discord': return (await import('./adapters/discord/index.js')).startDiscord(core, config, logger);
    case 'slack': return (await import('./adapters/slack/index.js')).startSlack(core, config, logger);
  }
}

function waitForShutdownSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
