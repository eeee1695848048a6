// Memory checks through the PostgreSQL queue: the latency the queue adds over the local pool (one
// caller, back to back, a trivial program), and throughput with one and with two sandbox worker
// processes (`memtutor sandbox-worker`, one interpreter each), with the CPU each check costs the
// bot and the workers. Both workers share this machine's cores, so "2 workers" shows what a second
// worker costs and how the queue spreads work, not what a second machine would add.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import type { MemoryCheck } from '../src/core/memcheck/service.js';
import { createLogger } from '../src/logger.js';
import { createQueuedMemoryCheck } from '../src/memcheck/queue/client.js';
import { createSandboxedMemoryCheck } from '../src/memcheck/sandboxed.js';
import { startTestPostgres, type TestPostgres } from '../tests/support/postgres.js';
import { exitOf, liveWorkers, spawnWorkerProcess, waitFor } from '../tests/support/queue.js';
import { loadAverage, round, statCpuMs, summary, TRIVIAL } from './sandbox.js';

const LATENCY_RUNS = 100;
const THROUGHPUT_CHECKS = 200;
const THROUGHPUT_CALLERS = 8;
const TARGET_ADDED_P50_MS = 10;
const LIMITS = { timeoutMs: 5000, memoryMb: 256, outputKb: 64 };

export async function runMemcheckScaleBench(): Promise<Record<string, unknown>> {
  // fsync on, as in production.
  const server = await startTestPostgres({ durable: true });
  if ('skipped' in server) return { skipped: server.skipped };
  const loadBefore = loadAverage();
  try {
    const local = await localLatency();
    const queued = await queuedRun(server, 1);
    const twoWorkers = await queuedRun(server, 2);
    const addedP50Ms = round(queued.latency.p50Ms - local.p50Ms);
    return {
      machine: { cpus: os.cpus().length, loadAverage: { before: loadBefore, after: loadAverage() } },
      program: TRIVIAL.trim(),
      localPool: local,
      queueAddedLatency: { p50Ms: addedP50Ms, p95Ms: round(queued.latency.p95Ms - local.p95Ms), targetP50Ms: TARGET_ADDED_P50_MS, met: addedP50Ms <= TARGET_ADDED_P50_MS },
      oneWorker: queued,
      twoWorkers,
      note: 'back-to-back latency from one caller; throughput from 8 callers; CPU = this process (the bot side) + every worker process and its sandbox children, PostgreSQL not counted',
    };
  } finally {
    await server.stop();
  }
}

/** One caller, one check after another, on an in-process pool of one interpreter. */
async function localLatency() {
  const memcheck = createSandboxedMemoryCheck(loadConfig({}), createLogger('silent'), { poolSize: 1 });
  try {
    await memcheck.warmUp();
    return summary(await backToBack(memcheck));
  } finally {
    await memcheck.close();
  }
}

/** `workers` worker processes on a fresh queue database: back-to-back latency, then throughput. */
async function queuedRun(server: TestPostgres, workers: number) {
  const url = await server.createDatabase();
  const processes = Array.from({ length: workers }, () => spawnWorkerProcess(url, { LOG_LEVEL: 'warn' }));
  const bot = createQueuedMemoryCheck({ url, queueLimit: 1000, waitMs: 60_000, limits: LIMITS }, createLogger('silent'));
  try {
    await bot.warmUp();
    await waitFor(async () => (await liveWorkers(url)) === workers, 'the workers to start', 120_000);
    const latency = summary(await backToBack(bot));
    const pids = processes.map((p) => p.pid!);
    const cpuBefore = treeCpuMs(pids);
    const { seconds, times, failed } = await throughput(bot);
    const cpuMsPerCheck = (treeCpuMs(pids) - cpuBefore) / Math.max(1, times.length);
    return {
      workers,
      latency,
      throughput: {
        callers: THROUGHPUT_CALLERS,
        checks: times.length,
        failed,
        checksPerSec: round(times.length / seconds),
        latency: summary(times),
        cpuMsPerCheck: round(cpuMsPerCheck),
        checksPerSecPerCore: round(1000 / cpuMsPerCheck),
      },
    };
  } finally {
    await bot.close();
    for (const p of processes) p.kill('SIGTERM');
    await Promise.all(processes.map(exitOf));
  }
}

async function backToBack(memcheck: MemoryCheck): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < LATENCY_RUNS; i++) times.push(await timed(memcheck, 'back-to-back'));
  return times;
}

async function throughput(memcheck: MemoryCheck) {
  const times: number[] = [];
  let failed = 0;
  let next = 0;
  const caller = async (id: number) => {
    while (next++ < THROUGHPUT_CHECKS) {
      try {
        times.push(await timed(memcheck, `load-${id}`));
      } catch {
        failed += 1;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: THROUGHPUT_CALLERS }, (_, id) => caller(id)));
  return { seconds: (performance.now() - started) / 1000, times, failed };
}

async function timed(memcheck: MemoryCheck, userId: string): Promise<number> {
  const started = performance.now();
  const report = await memcheck.check(TRIVIAL, { userId });
  if (report.status !== 'ok') throw new Error(`benchmark check failed: ${report.status} ${JSON.stringify(report.error)}`);
  return performance.now() - started;
}

/**
 * CPU of this process (the bot side, with the queue client) plus each worker process and every
 * descendant alive now; children that exited count through their parent's reaped total.
 */
function treeCpuMs(roots: number[]): number {
  const self = statCpuMs('self');
  return (self?.own ?? 0) + roots.reduce((sum, pid) => sum + subtreeCpuMs(pid), 0);
}

function subtreeCpuMs(pid: number): number {
  const stat = statCpuMs(String(pid));
  if (!stat) return 0;
  return stat.own + stat.reaped + childPids(pid).reduce((sum, child) => sum + subtreeCpuMs(child), 0);
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
