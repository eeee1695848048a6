// The memory snapshot every fresh worker restores: a Pyodide interpreter with the harness loaded. Built on
// first use by a locked-down child (the host never loads Pyodide), cached on disk keyed by the
// Pyodide version and the harness, checked against its SHA-256 on every start, rebuilt when
// missing or corrupt.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childMessageSchema } from './protocol.js';
import { childCommand, type ChildPaths } from './isolation.js';
import type { SandboxLogger } from './logger.js';

const BUILD_TIMEOUT_MS = 120_000;
const MAX_SNAPSHOT_BYTES = 512 * 2 ** 20;
/** Files whose content ends up in the snapshot: a change to any of them means a new snapshot. */
const SNAPSHOT_INPUTS = [
  'harness.py', 'hints.py', 'lockdown.py', 'worker.mjs', 'shared.mjs', 'trace.mjs', 'raw-memory-modules.json',
  ...['safe', 'inspect', 'variables', 'cycles', 'graph_raw', '../graph', 'encode', 'phases', 'trace'].map((name) => path.join('measure', `${name}.py`)),
];

const building = new Map<string, Promise<string>>();

export function snapshotPath(cacheDir: string, paths: ChildPaths): string {
  const digest = createHash('sha256');
  for (const file of SNAPSHOT_INPUTS) digest.update(readFileSync(path.join(paths.childDir, file)));
  return path.resolve(cacheDir, `pyodide-${paths.pyodideVersion}-${digest.digest('hex').slice(0, 12)}.snapshot`);
}

/** The path of a verified snapshot, building it first when needed (one build at a time per file). */
export function ensureSnapshot(cacheDir: string, paths: ChildPaths, logger: SandboxLogger): Promise<string> {
  const file = snapshotPath(cacheDir, paths);
  let pending = building.get(file);
  if (!pending) {
    pending = verifiedOrBuilt(file, paths, logger).finally(() => building.delete(file));
    building.set(file, pending);
  }
  return pending;
}

async function verifiedOrBuilt(file: string, paths: ChildPaths, logger: SandboxLogger): Promise<string> {
  if (isIntact(file)) return file;
  if (existsSync(file)) logger.warn({ file }, 'sandbox snapshot is corrupt; rebuilding it');
  const started = Date.now();
  const bytes = await buildSnapshot(paths);
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  writeFileSync(`${file}.sha256`, sha256(bytes));
  renameSync(temporary, file);
  logger.info({ file, sizeMb: Math.round(bytes.length / 2 ** 20), ms: Date.now() - started }, 'sandbox snapshot built');
  return file;
}

export function isIntact(file: string): boolean {
  try {
    return readFileSync(`${file}.sha256`, 'utf8').trim() === sha256(readFileSync(file));
  } catch {
    return false;
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Runs the child in build mode: it writes the snapshot to stdout and confirms its size over IPC. */
function buildSnapshot(paths: ChildPaths): Promise<Buffer> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'memtutor-snapshot-'));
  const config = { mode: 'build', pyodideDir: paths.pyodideDir, pyodideUrl: paths.pyodideUrl, memoryBytes: 2 ** 31, outputBytes: 1024, workerHeapMb: 512 };
  const { command, args } = childCommand(paths, [], config);
  const child = spawn(command, args, { cwd: workDir, env: {}, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
  const chunks: Buffer[] = [];
  let received = 0;
  let stderr = '';
  let announced: number | undefined;
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_SNAPSHOT_BYTES) child.kill('SIGKILL');
      else chunks.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.on('message', (raw) => {
      const message = childMessageSchema.safeParse(raw);
      if (message.success && message.data.type === 'snapshot') announced = message.data.size;
      if (message.success && message.data.type === 'fatal') stderr += message.data.message;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(workDir, { recursive: true, force: true });
      const bytes = Buffer.concat(chunks);
      if (code === 0 && announced === bytes.length) resolve(bytes);
      else reject(new Error(`sandbox snapshot build failed (exit ${code}): ${stderr.trim().slice(-500)}`));
    });
  });
}
