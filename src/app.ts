// The composition root: the one module that turns the configuration into infrastructure (the
// store, the memory check) and hands the core only their interfaces. Everything that runs the
// bot (`npm start`, the terminal chat, `memtutor quiz`, tests, benchmarks) builds it here.
import { sandboxQueueUrl, type Config } from './config.js';
import { createCore, type Core, type CoreOptions } from './core/index.js';
import type { MemoryCheck } from './core/memcheck/service.js';
import type { Logger } from './logger.js';
import { createSandboxedMemoryCheck } from './memcheck/sandboxed.js';
import { createPictureRenderer, pictureMaker } from './picture/index.js';
import { openStore } from './store/index.js';

/** The core plus what the root owns: close() stops the core, then the picture renderer, the memory check, the store. */
export interface App extends Core {
  /** Warms the sandbox pool so the first memory check is quick (never rejects). */
  warmUp(): Promise<void>;
}

export interface AppOptions extends CoreOptions {
  /** A memory check to use instead of the sandbox the configuration describes. */
  memcheck?: MemoryCheck & { warmUp?(): Promise<void> };
}

export async function createApp(config: Config, logger: Logger, { memcheck: given, ...coreOptions }: AppOptions = {}): Promise<App> {
  const store = await openStore(config);
  const memcheck = given ?? (await configuredMemoryCheck(config, logger));
  // One renderer for every platform; its process starts with the first picture.
  const renderer = createPictureRenderer();
  const closeInfrastructure = async () => {
    await renderer.close();
    await memcheck.close();
    await store.close();
  };
  let core: Core;
  try {
    core = await createCore({ store, memcheck, logger, pictures: pictureMaker(renderer) }, coreOptions);
  } catch (error) {
    await closeInfrastructure();
    throw error;
  }
  return {
    ...core,
    warmUp: async () => memcheck.warmUp?.(),
    close: async () => {
      await core.close();
      await closeInfrastructure();
    },
  };
}

/** Remote sandbox workers through the queue when one is configured, else the local pool. */
async function configuredMemoryCheck(config: Config, logger: Logger): Promise<MemoryCheck & { warmUp(): Promise<void> }> {
  const queueUrl = sandboxQueueUrl(config);
  if (!queueUrl) return createSandboxedMemoryCheck(config, logger);
  // Loaded only here: the embedded default never imports the queue engine.
  const { createQueuedMemoryCheck, queuedOptions } = await import('./memcheck/queue/client.js');
  return createQueuedMemoryCheck(queuedOptions(config, queueUrl), logger);
}
