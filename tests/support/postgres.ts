// A throwaway PostgreSQL server for tests and benchmarks: initdb in a temp dir, started on a free
// loopback port as an unprivileged user (PostgreSQL refuses to run as root), stopped and deleted
// at the end. PG_TEST_URL points at an existing server instead (its user must create databases).
// Where no server can be had the caller skips with one line, unless PG_TEST_REQUIRED=1 (CI).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** A new, empty database on the server; its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const SUPERUSER = 'memtutor';
const START_TIMEOUT_MS = 30_000;

/**
 * A server, or the one-line reason there is none (then the caller skips). Tests skip fsync for
 * speed; a benchmark asks for a `durable` server, which commits to disk as production would.
 */
export async function startTestPostgres({ durable = false } = {}): Promise<TestPostgres | { skipped: string }> {
  try {
    const given = process.env.PG_TEST_URL;
    if (!given) return await startThrowawayServer(durable);
    await connectOnce(given);
    return serverAt(given, async () => {});
  } catch (error) {
    const reason = `PostgreSQL tests skipped: ${error instanceof Error ? error.message : String(error)}`;
    if (process.env.PG_TEST_REQUIRED === '1') throw new Error(`${reason} (PG_TEST_REQUIRED=1)`);
    return { skipped: reason };
  }
}

function serverAt(adminUrl: string, shutdown: () => Promise<void>): TestPostgres {
  let count = 0;
  return {
    async createDatabase() {
      const name = `memtutor_test_${process.pid}_${++count}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop: shutdown,
  };
}

async function startThrowawayServer(durable: boolean): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'memtutor-pg-'));
  const owner = unprivilegedOwner();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], {
    ...owner,
    encoding: 'utf8',
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(init.stderr || init.error?.message || '').trim().split('\n').pop()}`);
  }
  const port = await freePort();
  const server = spawn(
    path.join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', `fsync=${durable ? 'on' : 'off'}`, '-c', 'max_connections=200'],
    { ...owner, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  // Never outlive the test process, even when it is torn down without afterAll.
  const killOnExit = () => server.kill('SIGKILL');
  process.once('exit', killOnExit);
  const adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAccepting(adminUrl, server, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return serverAt(adminUrl, stop);
}

/** initdb and postgres from PATH, else the newest Debian-installed version. */
function postgresBinDir(): string {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).find((d) => d && existsSync(path.join(d, 'initdb')));
  if (onPath) return onPath;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL server installed (apt-get install postgresql, or set PG_TEST_URL)');
  return path.join(root, newest, 'bin');
}

/** As root, run the server as `nobody`; as anyone else, as ourselves. */
function unprivilegedOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root and no unprivileged user `nobody` to run PostgreSQL as');
  return { uid, gid };
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}

async function waitUntilAccepting(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited at start: ${log().trim().split('\n').pop()}`);
    try {
      return await connectOnce(url);
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the server did not accept connections in time: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function connectOnce(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => {});
  }
}

/** SIGINT is PostgreSQL's fast shutdown: it ends sessions and exits cleanly. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGINT');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
