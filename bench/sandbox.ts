// Sandbox benchmark: memcheck latency through the sandbox interface with a warm pool; sustained
// throughput with 8 concurrent callers, side by side in the same run for the reuse path (one
// interpreter reset in place) and the fresh path (SANDBOX_REUSE=false: a new interpreter per run),
// with the CPU each costs; how often the lesson snippets need a fresh worker; peak RSS per child;
// a cold loadPyodide() per run and native `python3 -c` for scale. Issue 13's targets are reported.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LESSONS_DIR, LessonLibrary } from '../src/core/lessons/library.js';
import { extractCodeBlocks } from '../src/core/lessons/markdown.js';
import { createSandbox, type Sandbox } from '../sandbox/index.js';
import { childPaths } from '../sandbox/isolation.js';
import { residentBytes } from '../sandbox/process.js';

export const TRIVIAL = 'x = 1\n';
const WARM_RUNS = 40;
const BACK_TO_BACK_RUNS = 20;
const COLD_RUNS = 5;
const PYTHON_RUNS = 20;
const THROUGHPUT_CALLERS = 8;
const THROUGHPUT_SECONDS = 20;
const TARGETS = {
  reuseVsFreshThroughput: 10, cpuMsPerTrivialRun: 60, warmP50Ms: 20, backToBackP50Ms: 30, recycledShare: 0.15, rssMbPerChild: 280,
};

export async function runSandboxBench(): Promise<Record<string, unknown>> {
  const loadBefore = loadAverage();
  const reused = benchSandbox(true);
  const fresh = benchSandbox(false);
  const rss = watchResidentMemory(reused);
  try {
    await reused.start();
    const warm = await warmLatency(reused);
    const backToBack = await backToBackLatency(reused);
    const throughput = await sustainedThroughput(reused);
    const rssMb = rss.stop();
    // Lesson programs grow the heap (then the worker is replaced): their peak is reported on its own.
    const lessonRss = watchResidentMemory(reused);
    const lessonMix = { ...(await lessonMixShare(reused)), rssMb: lessonRss.stop() };
    await reused.close();
    await fresh.start();
    const throughputFresh = await sustainedThroughput(fresh);
    const backToBackFresh = await backToBackLatency(fresh);
    await fresh.close();
    const coldPyodide = await coldPyodideLatency();
    const python3 = nativePythonLatency();
    const ratio = throughput.runsPerSec / Math.max(0.01, throughputFresh.runsPerSec);
    return {
      machine: { cpus: os.cpus().length, loadAverage: { before: loadBefore, after: loadAverage() }, node: process.version },
      isolation: reused.isolation,
      warm,
      backToBack,
      backToBackFresh,
      throughput,
      throughputFresh,
      reuseVsFreshThroughput: round(ratio),
      lessonMix,
      rssMb,
      coldPyodide,
      python3,
      targets: TARGETS,
      met: {
        reuseVsFreshThroughput: ratio >= TARGETS.reuseVsFreshThroughput,
        cpuMsPerTrivialRun: throughput.cpuMsPerRun <= TARGETS.cpuMsPerTrivialRun,
        warmP50: warm.p50Ms <= TARGETS.warmP50Ms,
        backToBackP50: backToBack.p50Ms <= TARGETS.backToBackP50Ms,
        recycledShare: lessonMix.recycledShare <= TARGETS.recycledShare,
        rssPerChild: rssMb.max <= TARGETS.rssMbPerChild,
      },
    };
  } finally {
    rss.stop();
    await Promise.all([reused.close(), fresh.close()]);
  }
}

function benchSandbox(reuse: boolean): Sandbox {
  return createSandbox({
    poolSize: 2, timeoutMs: 15_000, memoryMb: 256, outputKb: 64, maxInputChars: 20_000, reuse,
    requireIsolation: false, cacheDir: fileURLToPath(new URL('../.cache/sandbox/', import.meta.url)),
  });
}

export function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

/** A check arriving while a warm interpreter waits: the pool is let warm up between runs. */
async function warmLatency(sandbox: Sandbox) {
  const times: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    await sandbox.start();
    times.push(await timedCheck(sandbox, `warm-${i}`));
  }
  return summary(times);
}

/** Checks one right after another from one caller: the pool has no time to re-warm. */
async function backToBackLatency(sandbox: Sandbox) {
  await sandbox.start();
  const times: number[] = [];
  for (let i = 0; i < BACK_TO_BACK_RUNS; i++) times.push(await timedCheck(sandbox, 'back-to-back'));
  return summary(times);
}

/** Every lesson code block and example once: the share of runs after which the worker could not be reset. */
async function lessonMixShare(sandbox: Sandbox) {
  const programs = await lessonPrograms();
  await sandbox.start();
  const before = sandbox.status().runs;
  const cpuBefore = sampleCpu(sandbox);
  const started = performance.now();
  for (const code of programs) await sandbox.check(code, { userId: 'lesson-mix' });
  const seconds = (performance.now() - started) / 1000;
  const after = sandbox.status().runs;
  const runs = after.completed - before.completed;
  const onFresh = runs - (after.onReusedWorker - before.onReusedWorker);
  return {
    programs: programs.length, runs, runsOnFreshWorker: onFresh, recycledShare: Math.round((onFresh / Math.max(1, runs)) * 1000) / 1000,
    seconds: round(seconds), cpuMsPerRun: round(cpuSpent(cpuBefore, sampleCpu(sandbox)) / Math.max(1, runs)),
  };
}

async function lessonPrograms(): Promise<string[]> {
  const library = await LessonLibrary.load();
  const blocks = library.lessons.flatMap((lesson) => extractCodeBlocks(lesson.body).filter((b) => b.language === 'python').map((b) => b.code));
  const examplesDir = path.join(DEFAULT_LESSONS_DIR, 'examples');
  const files = (await readdir(examplesDir)).filter((file) => file.endsWith('.py')).sort();
  return [...blocks, ...(await Promise.all(files.map((file) => readFile(path.join(examplesDir, file), 'utf8'))))];
}

async function sustainedThroughput(sandbox: Sandbox) {
  await sandbox.start();
  const cpuBefore = sampleCpu(sandbox);
  const deadline = performance.now() + THROUGHPUT_SECONDS * 1000;
  const times: number[] = [];
  let failed = 0;
  const caller = async (id: number) => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const report = await sandbox.check(TRIVIAL, { userId: `load-${id}` });
      if (report.status === 'ok') times.push(performance.now() - started);
      else failed += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: THROUGHPUT_CALLERS }, (_, id) => caller(id)));
  const seconds = (performance.now() - started) / 1000;
  const cpuMsPerRun = cpuSpent(cpuBefore, sampleCpu(sandbox)) / Math.max(1, times.length);
  return {
    callers: THROUGHPUT_CALLERS, seconds: round(seconds), runs: times.length, failed, runsPerSec: round(times.length / seconds),
    latency: summary(times),
    // CPU spent per run by the host and the pool (run, measure, reset or a fresh interpreter, and
    // children that exited meanwhile): what throughput the cores allow when nothing else competes.
    cpuMsPerRun: round(cpuMsPerRun),
    capacityRunsPerSecOnIdleCores: round((os.cpus().length * 1000) / cpuMsPerRun),
  };
}

interface CpuSample {
  /** This process, and its children that exited and were reaped (their whole lifetime). */
  hostMs: number;
  reapedMs: number;
  childrenMs: Map<number, number>;
}

/** CPU time (user + system) of this process, of its reaped children, and of each live pool child, from /proc. */
function sampleCpu(sandbox: Sandbox): CpuSample {
  const self = statCpuMs('self');
  const childrenMs = new Map<number, number>();
  for (const { pid } of sandbox.status().children) {
    const ms = pid ? statCpuMs(String(pid))?.own : null;
    if (pid && ms !== null && ms !== undefined) childrenMs.set(pid, ms);
  }
  return { hostMs: self?.own ?? 0, reapedMs: self?.reaped ?? 0, childrenMs };
}

/**
 * CPU spent between two samples. A child started in between counts from zero; one that exited in
 * between shows up in the reaped total with its whole lifetime, so what it had spent before is taken off.
 */
function cpuSpent(before: CpuSample, after: CpuSample): number {
  let total = after.hostMs - before.hostMs + after.reapedMs - before.reapedMs;
  for (const [pid, ms] of after.childrenMs) total += ms - (before.childrenMs.get(pid) ?? 0);
  for (const [pid, ms] of before.childrenMs) if (!after.childrenMs.has(pid)) total -= ms;
  return total;
}

/** utime+stime (own) and cutime+cstime (reaped children) of a process, in ms. */
export function statCpuMs(pid: string): { own: number; reaped: number } | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticksPerSecond = 100;
    const ms = (i: number) => (Number(fields[i]) * 1000) / ticksPerSecond;
    return { own: ms(11) + ms(12), reaped: ms(13) + ms(14) };
  } catch {
    return null;
  }
}

async function timedCheck(sandbox: Sandbox, userId: string): Promise<number> {
  const started = performance.now();
  const report = await sandbox.check(TRIVIAL, { userId });
  if (report.status !== 'ok') throw new Error(`benchmark check failed: ${report.status} ${JSON.stringify(report.error)}`);
  return performance.now() - started;
}

/** A fresh Node process that loads Pyodide cold and runs the snippet: the naive per-run design. */
async function coldPyodideLatency() {
  const script = `const t=performance.now();const {loadPyodide}=await import(${JSON.stringify(childPaths().pyodideUrl)});const py=await loadPyodide();py.runPython(${JSON.stringify(TRIVIAL)});process.stdout.write(String(performance.now()-t));`;
  const wall: number[] = [];
  const inProcess: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const started = performance.now();
    const output = await run(process.execPath, ['--input-type=module', '-e', script]);
    wall.push(performance.now() - started);
    inProcess.push(Number(output));
  }
  return { ...summary(wall), loadAndRunP50Ms: summary(inProcess).p50Ms };
}

function nativePythonLatency() {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { skipped: 'python3 not found', p50Ms: null };
  const times: number[] = [];
  for (let i = 0; i < PYTHON_RUNS; i++) {
    const started = performance.now();
    spawnSync('python3', ['-c', TRIVIAL]);
    times.push(performance.now() - started);
  }
  return { version: probe.stdout.trim(), ...summary(times), note: 'native, unsandboxed, no report' };
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}`))));
  });
}

/** Peak resident memory of each pool process, sampled every 100 ms from /proc. */
export function watchResidentMemory(sandbox: Sandbox) {
  const peaks = new Map<number, number>();
  const timer = setInterval(() => {
    for (const { pid } of sandbox.status().children) {
      const bytes = residentBytes(pid);
      if (pid && bytes !== null) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, bytes));
    }
  }, 100);
  let result: { max: number; processes: number; perProcess: number[] } | undefined;
  return {
    stop() {
      clearInterval(timer);
      const values = [...peaks.values()].map((b) => Math.round(b / 2 ** 20));
      result ??= { max: Math.max(0, ...values), processes: values.length, perProcess: values.slice(0, 20) };
      return result;
    },
  };
}

export function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { runs: times.length, p50Ms: at(0.5), p95Ms: at(0.95), minMs: round(sorted[0] ?? 0), maxMs: round(sorted.at(-1) ?? 0) };
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}
