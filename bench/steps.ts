// Step-through benchmark: saving and loading a trace at the sandbox's size cap (~340 KB of JSON) in
// SQLite and PostgreSQL (a throwaway server, durable commits), and a step's picture drawn cold (renderer process starting), new (renderer warm, snapshot
// not drawn yet) and cached (the core's per-run LRU).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { StepPictures } from '../src/core/steps/pictures.js';
import { createPictureRenderer, pictureMaker } from '../src/picture/index.js';
import type { Store } from '../src/core/store/store.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { startTestPostgres } from '../tests/support/postgres.js';
import { largeTrace, PARENT_CHILD_LINES } from '../tests/support/steps.js';

const ROUNDS = 20;

async function medianMs(run: () => Promise<unknown>, rounds = ROUNDS): Promise<number> {
  const samples: number[] = [];
  for (let n = 0; n < rounds; n++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return Number(samples[Math.floor(samples.length / 2)]!.toFixed(2));
}

async function storeBench(store: Store): Promise<Record<string, number>> {
  const trace = largeTrace();
  try {
    const run = { trace, sourceLines: PARENT_CHILD_LINES, python: '3.14.0' };
    const ids: string[] = [];
    const saveMs = await medianMs(async () => ids.push(await store.saveStepRun(run)));
    const loadMs = await medianMs(() => store.stepRun(ids[0]!));
    return { traceKb: Math.round(JSON.stringify(trace).length / 1024), saveMs, loadMs };
  } finally {
    await store.close();
  }
}

async function postgresBench(): Promise<Record<string, unknown>> {
  const server = await startTestPostgres({ durable: true });
  if ('skipped' in server) return { skipped: server.skipped };
  try {
    return await storeBench(await PostgresStore.open(await server.createDatabase(), 2));
  } finally {
    await server.stop();
  }
}

async function pictureBench(): Promise<Record<string, number>> {
  const { snapshots } = largeTrace();
  const renderer = createPictureRenderer();
  try {
    const pictures = new StepPictures(pictureMaker(renderer));
    const timed = async (index: number) => {
      const start = performance.now();
      await pictures.draw('bench', index, snapshots[index]!);
      return Number((performance.now() - start).toFixed(2));
    };
    const coldMs = await timed(0);
    let next = 1;
    const newMs = await medianMs(() => timed(next++), 10);
    const cachedMs = await medianMs(() => timed(0));
    return { coldMs, newMs, cachedMs };
  } finally {
    await renderer.close();
  }
}

export async function runStepsBench(): Promise<Record<string, unknown>> {
  const sqlite = await storeBench(SqliteStore.open(path.join(mkdtempSync(path.join(tmpdir(), 'memtutor-bench-steps-')), 'bench.db')));
  return { sqlite, postgres: await postgresBench(), picture: await pictureBench() };
}
