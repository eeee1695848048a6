// Stops benchmark: what a stopped check costs. A program printing 100 MB in a loop (output past
// the cap is dropped while it runs on: its time, and the child's peak resident memory next to the
// same loop without printing); a check cancelled mid-loop (abort → cancelled report, and → the
// next check's report on the same one-child pool); a timeout measured inside Python.
import { fileURLToPath } from 'node:url';
import { createSandbox, type Sandbox } from '../sandbox/index.js';
import { loadAverage, round, summary, watchResidentMemory } from './sandbox.js';

const TIMEOUT_MS = 5000;
const FLOOD = 'line = "x" * 999\nfor _ in range(100_000):\n    print(line)\nafter = "the end"\n';
const SILENT = 'line = "x" * 999\nfor _ in range(100_000):\n    text = line + "\\n"\nafter = "the end"\n';
const RUNS = 5;

export async function runStopsBench(): Promise<Record<string, unknown>> {
  const loadBefore = loadAverage();
  const sandbox = createSandbox({
    poolSize: 1, timeoutMs: TIMEOUT_MS, memoryMb: 256, outputKb: 64, maxInputChars: 20_000,
    requireIsolation: false, cacheDir: fileURLToPath(new URL('../.cache/sandbox/', import.meta.url)),
  });
  try {
    await sandbox.start();
    const flood = await timedRuns(sandbox, FLOOD);
    const silent = await timedRuns(sandbox, SILENT);
    const cancel = await cancelLatency(sandbox);
    const timeout = await measuredTimeout(sandbox);
    return { machine: { loadAverage: { before: loadBefore, after: loadAverage() } }, flood100MB: flood, sameLoopWithoutPrinting: silent, cancel, timeout };
  } finally {
    await sandbox.close();
  }
}

async function timedRuns(sandbox: Sandbox, code: string) {
  const rss = watchResidentMemory(sandbox);
  const times: number[] = [];
  let status = '';
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const report = await sandbox.check(code, { userId: 'bench' });
    times.push(performance.now() - started);
    status = `${report.status}${report.variables.some((v) => v.name === 'after') ? ', ran to its end' : ''}`;
  }
  return { status, ...summary(times), childPeakRssMb: rss.stop().max };
}

/** Abort 300 ms into `while True: pass`: until the cancelled report, and until the next check answered. */
async function cancelLatency(sandbox: Sandbox) {
  const toReport: number[] = [];
  const toNextCheck: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const controller = new AbortController();
    const running = sandbox.check('while True: pass\n', { userId: 'bench', signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const abortedAt = performance.now();
    controller.abort();
    const report = await running;
    if (report.status !== 'cancelled') throw new Error(`a cancelled check reported ${report.status}`);
    toReport.push(performance.now() - abortedAt);
    await sandbox.check('x = 1\n', { userId: 'bench' });
    toNextCheck.push(performance.now() - abortedAt);
  }
  return { abortToReport: summary(toReport), abortToNextCheckAnswered: summary(toNextCheck) };
}

async function measuredTimeout(sandbox: Sandbox) {
  const started = performance.now();
  const report = await sandbox.check('seen = []\nwhile True:\n    seen.append(1)\n    seen.clear()\n', { userId: 'bench' });
  return { status: report.status, measuredNames: report.variables.length, totalMs: round(performance.now() - started), limitMs: TIMEOUT_MS };
}
