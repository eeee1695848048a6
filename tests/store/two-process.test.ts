// Two bot processes on one database race for the same claims: a weekly round's slot, its posts,
// its close, and Slack events. Every claim must have exactly one winner across the two.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { isolatedEnv, REPO_ROOT } from '../support/cli.js';
import { tempDatabasePath } from '../support/core.js';
import { startTestPostgres } from '../support/postgres.js';

const RACER = new URL('./claim-racer.ts', import.meta.url).pathname;
const ROUNDS = 100;
const SLOTS = 100;
const EVENTS = 100;
/** Both racers start claiming at the same instant, this long after both said ready. */
const START_DELAY_MS = 300;

interface Wins {
  posts: number[];
  closes: number[];
  created: number[];
  claimed: number[];
}

/** Starts a racer process and resolves once it has opened the store. */
async function startRacer(env: NodeJS.ProcessEnv, roundIds: number[], backwards: boolean) {
  const child = spawn(process.execPath, ['--import', 'tsx', RACER, JSON.stringify({ roundIds, slots: SLOTS, events: EVENTS, backwards })], {
    cwd: REPO_ROOT,
    env: isolatedEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');
  while (!stdout.includes('ready\n')) {
    await Promise.race([once(child.stdout, 'data'), exited.then(() => { throw new Error(`racer exited before ready: ${stderr}`); })]);
  }
  return {
    startAt: (instant: number) => child.stdin.end(`${instant}\n`),
    wins: async (): Promise<Wins> => {
      const [code] = await exited;
      if (code !== 0) throw new Error(`racer failed (${String(code)}): ${stderr}`);
      return JSON.parse(stdout.split('\n')[1]!) as Wins;
    },
  };
}

async function raceTwoProcesses(env: NodeJS.ProcessEnv): Promise<void> {
  const store = await openStore({ DATABASE_PATH: env.DATABASE_PATH ?? tempDatabasePath(), DATABASE_URL: env.DATABASE_URL });
  const roundIds: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const round = await store.createRound({ scopeId: 'g', platform: 'discord', channelId: 'c', slotKey: `pre:${i}`, questionIds: ['q'], opensAt: 0, closesAt: 1, timeZone: 'UTC', weekKey: 'w' });
    roundIds.push(round!.id);
  }
  const racers = await Promise.all([startRacer(env, roundIds, false), startRacer(env, roundIds, true)]);
  const startAt = Date.now() + START_DELAY_MS;
  racers.forEach((r) => r.startAt(startAt));
  const [a, b] = await Promise.all(racers.map((r) => r.wins()));
  // Both won some: they really ran into each other rather than one finishing before the other began.
  for (const wins of [a!, b!]) expect(Object.values(wins).flat().length).toBeGreaterThan(0);
  for (const kind of ['posts', 'closes', 'created', 'claimed'] as const) {
    const all = [...a![kind], ...b![kind]].sort((x, y) => x - y);
    const expected = kind === 'posts' || kind === 'closes' ? roundIds : Array.from({ length: kind === 'created' ? SLOTS : EVENTS }, (_, i) => i);
    expect(all, `${kind}: every claim won once, by one process`).toEqual(expected);
  }
  expect((await store.openRounds()).filter((r) => r.scopeId === 'g')).toEqual([]);
  await store.close();
}

const server = await startTestPostgres();
if ('skipped' in server) console.warn(server.skipped);
afterAll(async () => {
  if (!('skipped' in server)) await server.stop();
});

describe('claims raced by two bot processes', () => {
  it('SQLite file: each claim has exactly one winner', async () => {
    await raceTwoProcesses({ DATABASE_PATH: tempDatabasePath() });
  });

  it.skipIf('skipped' in server)('PostgreSQL: each claim has exactly one winner', async () => {
    if ('skipped' in server) return;
    await raceTwoProcesses({ DATABASE_URL: await server.createDatabase() });
  });
});
