// The MemoryCheck the bot uses: the local Pyodide sandbox, configured from Config, with the bot's
// admission in front of it. Built by the composition root (src/app.ts) and the memcheck CLI.
import type { Config } from '../config.js';
import type { MemoryCheck } from '../core/memcheck/service.js';
import type { Logger } from '../logger.js';
import { createSandbox, type SandboxOptions } from '../../sandbox/index.js';
import { admitted, localAdmission } from './admission.js';

export interface SandboxedMemoryCheck extends MemoryCheck {
  /** Starts the pool ahead of the first check; resolves when it is warm (never rejects). */
  warmUp(): Promise<void>;
}

export function sandboxOptions(config: Config, logger: Logger): SandboxOptions {
  return {
    poolSize: config.SANDBOX_POOL_SIZE,
    timeoutMs: config.SANDBOX_TIMEOUT_MS,
    memoryMb: config.SANDBOX_MEMORY_MB,
    outputKb: config.SANDBOX_OUTPUT_KB,
    maxInputChars: config.SANDBOX_MAX_INPUT_CHARS,
    requireIsolation: config.SANDBOX_REQUIRE_ISOLATION,
    cacheDir: config.SANDBOX_CACHE_DIR,
    reuse: config.SANDBOX_REUSE,
    verifyReset: config.SANDBOX_VERIFY_RESET,
    logger: logger.child({ component: 'sandbox' }),
  };
}

/** The pool starts on the first check (or warmUp()), so commands that never run code start at once. */
export function createSandboxedMemoryCheck(config: Config, logger: Logger, overrides: Partial<SandboxOptions> = {}): SandboxedMemoryCheck {
  const options = { ...sandboxOptions(config, logger), ...overrides };
  const sandbox = admitted(createSandbox(options), localAdmission({ slots: options.poolSize, queueLimit: config.SANDBOX_QUEUE_LIMIT }));
  return {
    check: (code, checkOptions) => sandbox.check(code, checkOptions),
    status: () => {
      const { started, children, waiting, warm } = sandbox.status();
      return { started, waiting, warm, children: children.map(({ state, running }) => ({ state, running })) };
    },
    close: () => sandbox.close(),
    warmUp: () => sandbox.start().catch((error: unknown) => logger.error({ err: error }, 'the sandbox could not warm up')),
  };
}
