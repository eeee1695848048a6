// The MemoryCheck seam: the core's door to the sandbox. The composition root (src/app.ts) builds
// the implementation; the core only sees these three calls, so the sandbox can later run in
// workers on other machines without the core noticing.
import type { MemoryReport } from './report.js';

export interface MemoryCheckStatus {
  started: boolean;
  /** One entry per interpreter; `running` once it has taken a job. No process ids: they mean nothing remotely. */
  children: Array<{ state: 'starting' | 'ready' | 'busy' | 'dead'; running: boolean }>;
  /** Checks admitted and waiting for a free interpreter. */
  waiting: number;
  warm: number;
}

export interface MemoryCheck {
  /**
   * Runs `code` for `userId` and reports what it did in memory. Never rejects: a refusal is a
   * `rejected` report. Aborting `signal` cancels the check: it resolves soon with a `cancelled`
   * report, and the user's next check need not wait for this one's time limit.
   */
  check(code: string, options: { userId: string; signal?: AbortSignal }): Promise<MemoryReport>;
  /** Load right now: for benchmarks and health checks. */
  status(): MemoryCheckStatus;
  close(): Promise<void>;
}
