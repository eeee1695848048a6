// The MemoryCheck service: the core's door to the sandbox. The pool starts on the first check (or
// on warmUp()), so commands that never run code, and the terminal chat's prompt, start at once.
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { createSandbox, type IsolationInfo, type MemoryReport, type Sandbox, type SandboxOptions, type SandboxStatus } from '../../../sandbox/index.js';

export interface MemoryCheck {
  /** Runs `code` in the sandbox for `userId` (one check at a time per user). Never rejects. */
  check(code: string, userId: string): Promise<MemoryReport>;
  /** Starts the pool, so the first check does not wait for it; resolves when it is warm (never rejects). */
  warmUp(): Promise<void>;
  close(): Promise<void>;
  /** The pool right now (children, checks waiting): for load benchmarks and health checks. */
  status(): SandboxStatus;
  readonly isolation: IsolationInfo;
  readonly limits: { timeoutMs: number; memoryMb: number; outputKb: number; maxInputChars: number };
}

export function sandboxOptions(config: Config, logger: Logger): SandboxOptions {
  return {
    poolSize: config.SANDBOX_POOL_SIZE,
    queueLimit: config.SANDBOX_QUEUE_LIMIT,
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

export function createMemoryCheck(options: SandboxOptions, logger: Logger): MemoryCheck {
  const sandbox: Sandbox = createSandbox(options);
  return {
    check: (code, userId) => sandbox.check(code, { userId }),
    warmUp: () => sandbox.start().catch((error: unknown) => logger.error({ err: error }, 'the sandbox could not warm up')),
    close: () => sandbox.close(),
    status: () => sandbox.status(),
    isolation: sandbox.isolation,
    limits: { timeoutMs: options.timeoutMs, memoryMb: options.memoryMb, outputKb: options.outputKb, maxInputChars: options.maxInputChars },
  };
}
