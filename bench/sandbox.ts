// Sandbox benchmark: memcheck latency through the sandbox interface with a warm pool, side by side
// with a cold loadPyodide() per run and native `python3 -c`; sustained throughput with 8 concurrent
// callers; peak resident memory per pool process. Targets from issue 3 are reported with the numbers.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createSandbox, type Sandbox } from '../sandbox/index.js';
import { childPaths } from '../sandbox/isolation.js';
import { residentBytes } from '../sandbox/process.js';

const TRIVIAL = 'x = 1\n';
const WARM_RUNS = 40;
const COLD_RUNS = 5;
const PYTHON_RUNS = 20;
const THROUGHPUT_CALLERS = 8;
const THROUGHPUT_SECONDS = 20;
const TARGETS = { warmP50Ms: 50, warmP95Ms: 150, speedupVsCold: 25, runsPerSec: 8, rssMbPerProcess: 250 };

export async function runSandboxBench(): Promise<Record<string, unknown>> {
  const sandbox = createSandbox({
    poolSize: 2, timeoutMs: 5000, memoryMb: 256, outputKb: 64, maxInputChars: 20_000,
    requireIsolation: false, cacheDir: fileURLToPath(new URL('../.cache/sandbox/', import.meta.url)),
  });
  const rss = watchResidentMemory(sandbox);
  try {
    await sandbox.start();
    const warm = await warmLatency(sandbox);
    const backToBack = await backToBackLatency(sandbox);
    const throughput = await sustainedThroughput(sandbox);
    const coldPyodide = await coldPyodideLatency();
    const python3 = nativePythonLatency();
    const rssMb = rss.stop();
    const speedup = coldPyodide.p50Ms / warm.p50Ms;
    return {
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100), node: process.version },
      isolation: sandbox.isolation,
      warm,
      backToBack,
      coldPyodide,
      python3,
      throughput,
      rssMb,
      speedupVsColdPyodide: round(speedup),
      targets: TARGETS,
      met: {
        warmP50: warm.p50Ms <= TARGETS.warmP50Ms,
        warmP95: warm.p95Ms <= TARGETS.warmP95Ms,
        speedupVsCold: speedup >= TARGETS.speedupVsCold,
        throughput: throughput.runsPerSec >= TARGETS.runsPerSec,
        rssPerProcess: rssMb.max <= TARGETS.rssMbPerProcess,
      },
    };
  } finally {
    rss.stop();
    await sandbox.close();
  }
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
  for (let i = 0; i < 20; i++) times.push(await timedCheck(sandbox, 'back-to-back'));
  return summary(times);
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
    // CPU spent per run by the host and the pool (run, measure, and warming the next interpreter):
    // what throughput the machine's cores allow when nothing else competes for them.
    cpuMsPerRun: round(cpuMsPerRun),
    capacityRunsPerSecOnIdleCores: round((os.cpus().length * 1000) / cpuMsPerRun),
  };
}

interface CpuSample {
  hostMs: number;
  childrenMs: Map<number, number>;
}

/** CPU time (user + system) of this process and of each pool child, from /proc. */
function sampleCpu(sandbox: Sandbox): CpuSample {
  const host = process.cpuUsage();
  const childrenMs = new Map<number, number>();
  for (const { pid } of sandbox.status().children) {
    const ms = processCpuMs(pid);
    if (pid && ms !== null) childrenMs.set(pid, ms);
  }
  return { hostMs: (host.user + host.system) / 1000, childrenMs };
}

/** CPU spent between two samples; a child started in between counts from zero. */
function cpuSpent(before: CpuSample, after: CpuSample): number {
  let total = after.hostMs - before.hostMs;
  for (const [pid, ms] of after.childrenMs) total += ms - (before.childrenMs.get(pid) ?? 0);
  return total;
}

function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticksPerSecond = 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
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
function watchResidentMemory(sandbox: Sandbox) {
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

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { runs: times.length, p50Ms: at(0.5), p95Ms: at(0.95), minMs: round(sorted[0] ?? 0), maxMs: round(sorted.at(-1) ?? 0) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
