// Turns what happened to a run (the child's measurements, or a kill) into the public MemoryReport,
// adding the hints that need measurements (cycles without weakref, many instances without __slots__).
import type { RunOutcome } from './process.js';
import type { Measured, RunResult, SourceFacts, WorkerResult } from './protocol.js';
import { memoryReportSchema, REPORT_LIMITS, type Hint, type MemoryReport, type ReportError, type ReportStatus } from './report.js';

export interface ReportContext {
  python: string;
  pyodideVersion: string;
  timeoutMs: number;
  memoryMb: number;
  outputKb: number;
  totalMs: number;
}

export function platformLine(python: string, pyodideVersion: string): string {
  const minor = python.split('.').slice(0, 2).join('.') || '3';
  return `CPython ${minor} on 32-bit WebAssembly (Pyodide ${pyodideVersion}): sizes are smaller than on a 64-bit desktop`;
}

/** A report for a run that never happened or ended without measurements. */
export function emptyReport(status: ReportStatus, error: ReportError | null, context: Omit<ReportContext, 'totalMs'> & { totalMs?: number }): MemoryReport {
  return {
    status,
    python: context.python,
    platform: platformLine(context.python, context.pyodideVersion),
    stdout: '',
    stderr: '',
    truncated: false,
    error,
    variables: [],
    moreVariables: 0,
    gc: null,
    memory: null,
    cycles: [],
    hints: [],
    timing: { runMs: 0, totalMs: round(context.totalMs ?? 0) },
  };
}

export function limitError(type: string, message: string): ReportError {
  return { type, message, line: null, traceback: '' };
}

export function buildReport(outcome: RunOutcome, context: ReportContext): MemoryReport {
  if (outcome.kind === 'cancelled') return emptyReport('cancelled', cancelledError(), context);
  if (outcome.kind === 'killed') {
    const error = outcome.reason === 'timeout' ? timeoutError(context, 'killed') : memoryError(context);
    return emptyReport(outcome.reason === 'timeout' ? 'timeout' : 'memory_limit', error, context);
  }
  if (outcome.kind === 'crashed') {
    const message = outcome.refused
      ? `The check ran, but ${outcome.detail}, so there is no report. Try a smaller version of the program.`
      : 'The sandbox stopped unexpectedly. Nothing was lost on your side; try again.';
    return emptyReport('crashed', limitError('SandboxCrash', message.slice(0, REPORT_LIMITS.message)), context);
  }
  return fromResult(outcome.result, context);
}

function fromResult(result: RunResult, context: ReportContext): MemoryReport {
  const worker = result.worker;
  const base = {
    ...emptyReport('ok', null, context),
    stdout: result.stdout,
    stderr: result.stderr,
    truncated: result.truncated,
    timing: { runMs: round(worker?.runMs ?? 0), totalMs: round(context.totalMs) },
  };
  if (result.stop === 'cancelled') return { ...base, status: 'cancelled', error: cancelledError() };
  if (result.stop === 'timeout') return memoryReportSchema.parse({ ...base, ...timedOut(worker, result, context) });
  if (!worker && result.stop === 'measure_timeout') return { ...base, ...notMeasured(null) };
  if (!worker) {
    const outOfMemory = result.crash === 'ERR_WORKER_OUT_OF_MEMORY' || result.memoryCapHit;
    return outOfMemory
      ? { ...base, status: 'memory_limit', error: memoryError(context) }
      : { ...base, status: 'crashed', error: limitError('SandboxCrash', 'The interpreter stopped unexpectedly. Try again.') };
  }
  const report = fromWorker(worker, result, context);
  // Output past the cap was dropped while the program ran on: a clean run says so as its status.
  const cut = result.truncated && report.status === 'ok' ? { status: 'output_limit' as const, error: outputLimitError(context) } : {};
  return memoryReportSchema.parse({ ...base, ...report, ...cut });
}

/**
 * A run stopped by its time limit. Interrupted inside Python, it was measured as it was at that
 * moment (error.line: where it was stopped); ended from outside (stuck in C code, or ignoring the
 * interrupt), there is nothing to measure, and the text says why.
 */
function timedOut(worker: WorkerResult | null, result: RunResult, context: ReportContext): Partial<MemoryReport> {
  if (!worker) return { status: 'timeout', error: timeoutError(context, 'killed') };
  const report = fromWorker(worker, result, context);
  if (worker.phase !== 'measured') return { status: 'timeout', error: timeoutError(context, 'unmeasured'), hints: report.hints ?? worker.hints };
  return { ...report, status: 'timeout', error: { ...timeoutError(context, 'measured'), line: worker.measured.error?.line ?? null } };
}

function fromWorker(worker: WorkerResult, result: RunResult, context: ReportContext): Partial<MemoryReport> {
  switch (worker.phase) {
    case 'compile':
    case 'aborted':
      return { status: 'error', error: worker.error, hints: worker.hints };
    case 'stopped':
      return { status: 'cancelled', error: cancelledError(), hints: worker.hints };
    case 'measure-failed':
      return worker.programErrorType === 'MemoryError'
        ? { status: 'memory_limit', error: memoryError(context), hints: worker.hints }
        : { ...notMeasured(worker.programErrorType), hints: [...worker.hints, ...notMeasured(worker.programErrorType).hints] };
    case 'measured': {
      const { measured, garbage, facts } = worker;
      const error = measured.error;
      const status: ReportStatus = !error ? 'ok' : error.type === 'MemoryError' ? 'memory_limit' : 'error';
      return {
        status,
        error,
        variables: measured.variables,
        moreVariables: measured.moreVariables,
        gc: { ...measured.gc, collectedAtEnd: garbage.collectedAtEnd, collectedMine: Math.min(garbage.collectedMine, garbage.collectedAtEnd), uncollectable: garbage.uncollectable },
        memory: measured.memory,
        cycles: measured.cycles,
        ...(garbage.graph.nodes.length > 0 ? { graph: garbage.graph } : {}),
        // A program that ran out of memory stopped mid-line: its trace would end on a half-run step.
        ...(worker.steps && status !== 'memory_limit' ? { steps: worker.steps } : {}),
        hints: [...worker.hints, ...measuredHints(measured, garbage, facts)].sort(byLine).slice(0, REPORT_LIMITS.hints),
      };
    }
  }
}

/** The program finished, but measuring what it left went past the sandbox's limits. */
function notMeasured(programErrorType: string | null): Pick<MemoryReport, 'status' | 'error' | 'hints'> {
  return {
    status: programErrorType ? 'error' : 'ok',
    error: programErrorType ? { type: programErrorType, message: '', line: null, traceback: '' } : null,
    hints: [{
      id: 'too-big-to-measure',
      line: null,
      message: 'The program ran, but what it left in memory was too big to measure within the sandbox\'s limits, so variables, gc and memory are missing. Delete big objects when done (`del big`) or check a smaller version.',
    }],
  };
}

/** Hints that need the run's measurements, not just the source. */
export function measuredHints(measured: Measured, garbage: { cycles: string[]; cycleAttributes: string[] }, facts: SourceFacts): Hint[] {
  const hints: Hint[] = [];
  const attributes = [...new Set([...measured.cycleAttributes, ...garbage.cycleAttributes])];
  const cycle = measured.cycles[0] ?? garbage.cycles[0];
  if (cycle && attributes.length > 0 && !facts.usesWeakref) {
    const lines = attributes.map((a) => facts.attributeAssignments[a]).filter((n): n is number => n !== undefined);
    hints.push({
      id: 'cycle-without-weakref',
      line: lines.length ? Math.max(...lines) : null,
      message: `\`${codeText(cycle, 60)}\`: these objects refer to each other, so reference counting alone never frees them; only the cyclic garbage collector can, later. For a back-reference (a parent, a previous node) store \`weakref.ref(...)\` instead.`,
    });
  }
  const functions = Object.entries(facts.functionsWithLocals);
  if (measured.variables.length === 0 && functions.length > 0) {
    const [name, line] = functions[0]!;
    hints.push({
      id: 'data-in-functions',
      line,
      message: `The program's data lived in local variables of \`${codeText(name)}\`${functions.length > 1 ? ' and other functions' : ''}, which are gone once a function returns, so the report has none of it to show. To measure it, keep it in a module-level name (\`data = ${codeText(name)}(...)\`) or write those lines at module level.`,
    });
  }
  for (const many of measured.manyInstances) {
    hints.push({
      id: 'many-instances-without-slots',
      line: many.line,
      message: `${many.count.toLocaleString('en')} \`${codeText(many.class)}\` objects are alive, each with its own \`__dict__\` (${many.bytesEach} bytes per object with its dict). Declaring \`__slots__\` stores the attributes in the object itself and drops the per-instance dict.`,
    });
  }
  return hints;
}

/** Program-made text (attribute and class names can be any string) made safe inside inline code. */
export function codeText(text: string, limit: number = REPORT_LIMITS.name): string {
  const flat = text.replace(/`/g, 'ʼ').replace(/\s+/g, ' ');
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1)}…`;
}

function byLine(a: Hint, b: Hint): number {
  return (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER);
}

/** How far a timed-out run got: measured when interrupted, ended from outside, or too big to measure. */
type TimeoutEnd = 'measured' | 'killed' | 'unmeasured';

function timeoutError(context: { timeoutMs: number }, end: TimeoutEnd): ReportError {
  const stopped = `The program was stopped after ${context.timeoutMs / 1000} s, the time limit`;
  const message = {
    measured: `${stopped}. These are its names as they were at that moment (the line is where it was stopped).`,
    killed: `${stopped}. It did not stop when interrupted (a long built-in call such as \`sum(range(10**12))\` never checks, and code catching KeyboardInterrupt ignores it), so the sandbox ended the interpreter: there are no measurements.`,
    unmeasured: `${stopped}. What it left could not be measured in time, so there are no measurements.`,
  }[end];
  return limitError('Timeout', message);
}

function outputLimitError(context: { outputKb: number }): ReportError {
  return limitError('OutputLimit', `The program printed more than ${context.outputKb} KiB: the output below is cut at ${context.outputKb} KiB, and the program ran on to its end, so the measurements are complete.`);
}

function cancelledError(): ReportError {
  return limitError('Cancelled', 'The check was cancelled before it finished; nothing was measured.');
}

function memoryError(context: { memoryMb: number }): ReportError {
  return limitError('MemoryError', `The program needed more than the ${context.memoryMb} MiB of memory it may use.`);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
