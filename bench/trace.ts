// Step-through trace benchmark: what recording the trace (sandbox/child/measure/trace.py) costs.
// Each program is checked traced and untraced: a comment naming settrace makes the same program
// run untraced (sandbox/child/trace.mjs), so both take the same path through the sandbox.
import { fileURLToPath } from 'node:url';
import { createSandbox, type MemoryReport, type Sandbox } from '../sandbox/index.js';
import { PARENT_CHILD_EXAMPLE as LESSON_EXAMPLE } from '../tests/support/memcheck.js';
import { loadAverage, round, summary, TRIVIAL } from './sandbox.js';

const RUNS = 15;
const UNTRACED = '\n# untraced: the source names settrace\n';
/** A loop whose trace is cut at 500 steps; `i` is rebound on every line, so the first 50 steps have pictures. */
const FIVE_HUNDRED_STEPS = 'data = [0]\nfor i in range(5_000):\n    data[0] = i\n';
/** 50 lines: each rebinds a name (a picture per step) or only stores into a list (no picture). */
const PICTURED = Array.from({ length: 50 }, (_, i) => `v = [${i}]`).join('\n');
/** Allocates and frees as it goes: what the report's other numbers look like traced and untraced. */
const DRIFT_PROGRAM = 'rows = [[i] * 10 for i in range(200)]\nfor row in rows:\n    row.append(0)\ndel row\nspare = [[] for _ in range(2000)]\n';
const UNPICTURED = `v = [0]\n${Array.from({ length: 49 }, (_, i) => `v[0] = ${i}`).join('\n')}`;

export async function runTraceBench(): Promise<Record<string, unknown>> {
  const sandbox = createSandbox({
    poolSize: 1, timeoutMs: 15_000, memoryMb: 256, outputKb: 64, maxInputChars: 20_000,
    requireIsolation: false, cacheDir: fileURLToPath(new URL('../.cache/sandbox/', import.meta.url)),
  });
  try {
    const loadBefore = loadAverage();
    await sandbox.start();
    const lesson = await tracedVsUntraced(sandbox, LESSON_EXAMPLE);
    const long = await tracedVsUntraced(sandbox, FIVE_HUNDRED_STEPS);
    const pictured = await tracedVsUntraced(sandbox, PICTURED);
    const unpictured = await tracedVsUntraced(sandbox, UNPICTURED);
    const warm = await tracedVsUntraced(sandbox, TRIVIAL);
    const drift = await reportDrift(sandbox);
    const snapshots = pictured.snapshots - unpictured.snapshots;
    return {
      loadAverage: { before: loadBefore, after: loadAverage() },
      lessonExample: lesson,
      fiveHundredSteps: long,
      /** The 500-step run's added program time per step, its 50 pictures included. */
      msPerStep: thousandths(long.addedRunMs / Math.max(1, long.steps)),
      msPerStepWithoutPicture: thousandths(unpictured.addedRunMs / Math.max(1, unpictured.steps)),
      msPerSnapshot: thousandths((pictured.addedRunMs - unpictured.addedRunMs) / Math.max(1, snapshots)),
      pictured,
      unpictured,
      warmCheckP50Ms: { untraced: warm.untraced.p50Ms, traced: warm.traced.p50Ms },
      drift,
    };
  } finally {
    await sandbox.close();
  }
}

function thousandths(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** tracemalloc's figures and gc's counters for one program, traced and untraced. */
async function reportDrift(sandbox: Sandbox) {
  const numbers = async (code: string) => {
    const report = await sandbox.check(code, { userId: 'trace-bench' });
    return { memory: { current: report.memory?.current, peak: report.memory?.peak }, gcCountAfter: report.gc?.countAfter, gcCollections: report.gc?.collections, steps: report.steps?.steps.length ?? 0 };
  };
  return { traced: await numbers(DRIFT_PROGRAM), untraced: await numbers(DRIFT_PROGRAM + UNTRACED) };
}

/** p50 latency and program time, traced and untraced, and the trace's size. */
async function tracedVsUntraced(sandbox: Sandbox, code: string) {
  const traced = await checks(sandbox, code);
  const untraced = await checks(sandbox, code + UNTRACED);
  const steps = traced.report.steps;
  return {
    steps: steps?.steps.length ?? 0,
    snapshots: steps?.snapshots.length ?? 0,
    cut: steps?.cut ?? false,
    jsonChars: steps ? JSON.stringify(steps).length : 0,
    traced: traced.latency,
    untraced: untraced.latency,
    addedRunMs: round(traced.runMs - untraced.runMs),
    addedP50Ms: round(traced.latency.p50Ms - untraced.latency.p50Ms),
  };
}

async function checks(sandbox: Sandbox, code: string): Promise<{ latency: ReturnType<typeof summary>; runMs: number; report: MemoryReport }> {
  const times: number[] = [];
  const runMs: number[] = [];
  let report: MemoryReport | undefined;
  for (let i = 0; i < RUNS; i++) {
    await sandbox.start();
    const started = performance.now();
    report = await sandbox.check(code, { userId: 'trace-bench' });
    times.push(performance.now() - started);
    runMs.push(report.timing.runMs);
    if (report.status !== 'ok') throw new Error(`trace bench program failed: ${report.status} ${report.error?.message ?? ''}`);
  }
  return { latency: summary(times), runMs: summary(runMs).p50Ms, report: report! };
}
