// `memtutor sandbox-worker`: serves memory checks from the PostgreSQL queue with a local sandbox
// pool until SIGTERM or SIGINT, then drains (finishes the checks it holds) and exits 0.
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { sandboxOptions } from '../memcheck/sandboxed.js';
import { startSandboxWorker } from '../memcheck/queue/worker.js';
import { createSandbox } from '../../sandbox/index.js';

export async function sandboxWorkerCli(config: Config, logger: Logger): Promise<number> {
  const url = config.SANDBOX_QUEUE_URL ?? config.DATABASE_URL;
  if (!url) {
    process.stderr.write('memtutor sandbox-worker: set SANDBOX_QUEUE_URL (or DATABASE_URL) to the PostgreSQL database the bots queue checks in\n');
    return 1;
  }
  const options = sandboxOptions(config, logger);
  const worker = await startSandboxWorker({ url, sandbox: createSandbox(options), slots: options.poolSize, logger });
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'draining: finishing the checks in hand');
    void worker.stop();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await worker.finished;
  process.off('SIGTERM', stop);
  process.off('SIGINT', stop);
  return 0;
}
