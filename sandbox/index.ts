// The sandbox's one interface: createSandbox(options).check(code, { userId }) → MemoryReport.
// Untrusted Python runs in Pyodide inside a pool of locked-down child processes (see
// docs/ARCHITECTURE.md, "The sandbox"); this module adds the limits that apply before a run starts.
// Admission (one check per user, the queue limit) is the bot's job, not the sandbox's: see
// src/memcheck/admission.ts.
import { ensureSnapshot } from './snapshot.js';
import { childPaths, detectNetworkNamespace, isolationInfo, type ChildPaths, type IsolationInfo } from './isolation.js';
import { silentLogger, type SandboxLogger } from './logger.js';
import { SandboxPool } from './pool.js';
import { SandboxChild, type ChildLimits } from './process.js';
import { buildReport, emptyReport, limitError } from './report-builder.js';
import type { MemoryReport } from './report.js';

export { memoryReportSchema, reportStatuses } from './report.js';
export type { MemoryReport, ReportStatus, VariableReport, Hint, ReportError } from './report.js';
export type { IsolationInfo } from './isolation.js';
export type { StepTrace, Step, StepChange, StepFrame, StepName } from './steps.js';
export type { SandboxLogger } from './logger.js';

export interface SandboxOptions {
  /** Children, each running one snippet at a time: the global concurrency. */
  poolSize: number;
  timeoutMs: number;
  /** The interpreter's heap cap (WebAssembly memory). */
  memoryMb: number;
  outputKb: number;
  maxInputChars: number;
  /** Refuse to run anything when the network namespace is unavailable. */
  requireIsolation: boolean;
  cacheDir: string;
  /** Reset one interpreter in place after each clean run (default); false: a fresh one per run. */
  reuse?: boolean;
  /** Prove each reset by hashes before the next run, refusing on any difference (tests; costs ~50 ms a run). */
  verifyReset?: boolean;
  logger?: SandboxLogger;
}

export interface CheckOptions {
  /** Who asked: for logs and for the bot's admission, which runs before check(). */
  userId: string;
  /** Aborting it stops the check: a waiting one leaves the queue, a running one is interrupted as
   *  by the time limit, and check() resolves with a `cancelled` report within the grace period. */
  signal?: AbortSignal;
}

export interface Sandbox {
  check(code: string, options: CheckOptions): Promise<MemoryReport>;
  /** Builds the snapshot if needed and resolves when every child holds a warm interpreter.
   *  check() starts the pool on first use anyway; call this to warm up ahead of time. */
  start(): Promise<void>;
  close(): Promise<void>;
  /** The pool right now: children (pid, state), checks waiting, warm interpreters. */
  status(): SandboxStatus;
  readonly isolation: IsolationInfo;
  /** The report for a check turned away before it ran (e.g. by the bot's admission). */
  rejectedReport(type: string, message: string): MemoryReport;
}

export interface SandboxStatus {
  started: boolean;
  /** `running`: the child acknowledged its job (a job handed to a child that dies before that goes to another). */
  children: Array<{ pid: number | undefined; state: 'starting' | 'ready' | 'busy' | 'dead'; running: boolean }>;
  waiting: number;
  warm: number;
  /** Runs so far, and how many ran on an interpreter reset in place rather than a fresh one. */
  runs: { completed: number; onReusedWorker: number };
}

const GRACE_MS = 500;
const MEASURE_BUDGET_MS = 5000;
/** A child retires once idle at this age: it bounds slow leaks, and restarting now costs a fresh interpreter. */
const MAX_CHILD_AGE_MS = 30 * 60_000;
/** Resident memory a child may use beyond the interpreter heap cap (Node, V8, Pyodide's JS side). */
const RSS_HEADROOM_MB = 448;
const FALLBACK_PYTHON = '3.14';

export function createSandbox(options: SandboxOptions): Sandbox {
  return new PyodideSandbox(options);
}

class PyodideSandbox implements Sandbox {
  readonly isolation: IsolationInfo;
  private readonly logger: SandboxLogger;
  private readonly paths: ChildPaths;
  private pool: SandboxPool | undefined;
  private starting: Promise<SandboxPool> | undefined;
  private closed = false;

  constructor(private readonly options: SandboxOptions) {
    this.logger = options.logger ?? silentLogger;
    this.paths = childPaths();
    this.isolation = isolationInfo();
    this.announceIsolation();
  }

  async start(): Promise<void> {
    if (this.refusal()) return;
    const pool = await this.ready();
    await pool.whenWarm();
  }

  async check(code: string, { signal }: CheckOptions): Promise<MemoryReport> {
    const started = performance.now();
    const refused = this.refusal() ?? this.inputTooLarge(code);
    if (refused) return emptyReport('rejected', refused, { ...this.context(), totalMs: performance.now() - started });
    try {
      const pool = await this.ready();
      const { outcome, python } = await pool.run(code, signal);
      // A run that ended on its own while the cancel was on its way is still what was asked for: cancelled.
      return buildReport(signal?.aborted ? { kind: 'cancelled' } : outcome, { ...this.context(python), totalMs: performance.now() - started });
    } catch (error) {
      this.logger.error({ err: error }, 'sandbox check failed');
      const message = error instanceof Error ? error.message : String(error);
      return emptyReport('crashed', limitError('SandboxCrash', message.slice(0, 500)), { ...this.context(), totalMs: performance.now() - started });
    }
  }

  rejectedReport(type: string, message: string): MemoryReport {
    return refusedReport(this.options, type, message, this.pool?.python || undefined);
  }

  status(): SandboxStatus {
    const pool = this.pool;
    const runs = { completed: pool?.runs.completed ?? 0, onReusedWorker: pool?.runs.onReusedWorker ?? 0 };
    return { started: Boolean(pool), children: pool?.describe() ?? [], waiting: pool?.waiting ?? 0, warm: pool?.warm ?? 0, runs };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pool?.close();
  }

  private refusal() {
    if (this.closed) return limitError('SandboxClosed', 'The sandbox is shut down.');
    if (this.options.requireIsolation && !this.isolation.networkNamespace) {
      return limitError('IsolationUnavailable', 'Memory checks are turned off here: this host cannot isolate the sandbox from the network, and SANDBOX_REQUIRE_ISOLATION is on.');
    }
    return null;
  }

  private inputTooLarge(code: string) {
    if (code.length <= this.options.maxInputChars) return null;
    return limitError('InputTooLarge', `The snippet has ${code.length.toLocaleString('en')} characters; the limit is ${this.options.maxInputChars.toLocaleString('en')}. Check a smaller piece of it.`);
  }

  private ready(): Promise<SandboxPool> {
    this.starting ??= this.startPool().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async startPool(): Promise<SandboxPool> {
    const snapshot = await ensureSnapshot(this.options.cacheDir, this.paths, this.logger);
    const limits: ChildLimits = {
      timeoutMs: this.options.timeoutMs,
      graceMs: GRACE_MS,
      measureMs: MEASURE_BUDGET_MS,
      memoryBytes: this.options.memoryMb * 2 ** 20,
      outputBytes: this.options.outputKb * 1024,
      rssLimitBytes: (this.options.memoryMb + RSS_HEADROOM_MB) * 2 ** 20,
      maxAgeMs: MAX_CHILD_AGE_MS,
      reuse: this.options.reuse ?? true,
      verifyReset: this.options.verifyReset ?? false,
    };
    const pool = new SandboxPool(this.options.poolSize, (events) => new SandboxChild(this.paths, snapshot, limits, events, this.logger), this.logger);
    pool.start();
    this.pool = pool;
    if (this.closed) pool.close();
    return pool;
  }

  private context(python = this.pool?.python) {
    return {
      python: python || FALLBACK_PYTHON,
      pyodideVersion: this.paths.pyodideVersion,
      timeoutMs: this.options.timeoutMs,
      memoryMb: this.options.memoryMb,
      outputKb: this.options.outputKb,
    };
  }

  private announceIsolation(): void {
    const { networkNamespace, networkNamespaceProblem } = this.isolation;
    if (networkNamespace) return;
    const consequence = this.options.requireIsolation
      ? 'SANDBOX_REQUIRE_ISOLATION is on, so memory checks are refused'
      : 'memory checks will run WITHOUT network isolation (set SANDBOX_REQUIRE_ISOLATION=true to refuse them)';
    this.logger.error({ problem: networkNamespaceProblem }, `SANDBOX NETWORK ISOLATION UNAVAILABLE: ${consequence}`);
  }
}

type ReportLimits = Pick<SandboxOptions, 'timeoutMs' | 'memoryMb' | 'outputKb'>;

/** A `rejected` report without a sandbox: for a front end that sends checks elsewhere (a queue). */
export function refusedReport(limits: ReportLimits, type: string, message: string, python = FALLBACK_PYTHON): MemoryReport {
  return emptyReport('rejected', limitError(type, message), reportContext(limits, python));
}

/** A `cancelled` report without a sandbox: for a front end whose caller gave up on a check sent elsewhere. */
export function cancelledReport(limits: ReportLimits, python = FALLBACK_PYTHON): MemoryReport {
  return buildReport({ kind: 'cancelled' }, { ...reportContext(limits, python), totalMs: 0 });
}

function reportContext({ timeoutMs, memoryMb, outputKb }: ReportLimits, python: string) {
  return { python, pyodideVersion: childPaths().pyodideVersion, timeoutMs, memoryMb, outputKb };
}

/** Re-exported so callers can show the detection result without building a sandbox. */
export { detectNetworkNamespace };
