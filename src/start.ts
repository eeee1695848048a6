// `npm start`: runs every chat platform the configuration enables, or the terminal chat if none.
// Platforms are run only through the PlatformAdapter contract, looked up in the registry.
import type { PlatformAdapter, RunningAdapter } from './adapters/adapter.js';
import { launch } from './adapters/adapter.js';
import { adapterFactories } from './adapters/registry.js';
import { createApp, type App } from './app.js';
import { enabledPlatforms, type Config } from './config.js';
import type { Platform } from './core/messages.js';
import type { Logger } from './logger.js';

export async function startBot(config: Config, logger: Logger): Promise<void> {
  const platforms = enabledPlatforms(config);
  if (platforms.length === 0) logger.info('no platform tokens configured: opening the terminal chat');
  await runPlatforms(platforms.length ? platforms : ['terminal'], config, logger);
}

/** `memtutor chat`. */
export function runTerminal(config: Config, logger: Logger): Promise<void> {
  return runPlatforms(['terminal'], config, logger);
}

/** Runs the platforms until a shutdown signal, or until one that ends by itself (the terminal) ends. */
async function runPlatforms(platforms: Platform[], config: Config, logger: Logger): Promise<void> {
  // Listen before starting: a SIGTERM during start-up (the sandbox warm-up blocks briefly) still stops cleanly.
  const shutdown = shutdownSignal(logger);
  let running: RunningAdapter[];
  let app: App;
  try {
    app = await createApp(config, logger);
    running = await startAll(platforms, app, config, logger);
  } catch (error) {
    shutdown.dispose();
    throw error;
  }
  const selfEnding = running.flatMap(({ adapter }) => (adapter.finished ? [adapter.finished] : []));
  // Servers should answer memory checks quickly from the first message: warm the sandbox pool in
  // the background. A terminal session may be short; it starts the pool on its first check.
  if (selfEnding.length === 0) void app.warmUp();
  await Promise.race([shutdown.received, ...selfEnding]);
  shutdown.dispose();
  await Promise.allSettled(running.map((r) => r.stop()));
  await app.close();
}

/** Starts every adapter; if one fails, stops the others and the app (sandbox pool, timers) so the process can exit. */
async function startAll(platforms: Platform[], app: App, config: Config, logger: Logger): Promise<RunningAdapter[]> {
  const results = await Promise.allSettled(platforms.map(async (platform) => {
    const adapter: PlatformAdapter = await adapterFactories[platform](app, config, logger);
    return launch(adapter, app.services.outbox);
  }));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failure) return results.map((r) => (r as PromiseFulfilledResult<RunningAdapter>).value);
  const started = results.filter((r): r is PromiseFulfilledResult<RunningAdapter> => r.status === 'fulfilled');
  await Promise.allSettled(started.map((r) => r.value.stop()));
  await app.close();
  throw failure.reason;
}

function shutdownSignal(logger: Logger): { received: Promise<void>; dispose(): void } {
  let stop: (signal: string) => void = () => {};
  const received = new Promise<void>((resolve) => {
    stop = (signal) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    received,
    dispose() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}
