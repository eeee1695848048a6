// The reset and its proof, on a real Pyodide restored from the sandbox snapshot in this process (no
// child, no gate): whatever Python does to memory, files, cwd or the hiwire table, verify mode names
// it, and the reset puts it back until verify finds nothing. Growth cannot be undone and is refused.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { childPaths } from '../../../sandbox/isolation.js';
import { silentLogger } from '../../../sandbox/logger.js';
import { ensureSnapshot } from '../../../sandbox/snapshot.js';
import { TEST_CACHE_DIR } from '../helpers.js';

interface ResetModule {
  holdFinalizers(): { hold(): void };
  captureResetPoint(pyodide: PyodideAPI): unknown;
  restoreResetPoint(pyodide: PyodideAPI, point: unknown): string | null;
}
interface VerifyModule {
  describeResetPoint(pyodide: PyodideAPI, point: unknown): unknown;
  resetMismatches(pyodide: PyodideAPI, point: unknown, description: unknown): string[];
}
interface HiwireModule {
  __hiwire_set(slot: number, value: unknown): number;
  HEAPU8: Uint8Array;
}

const childModule = async <T>(file: string): Promise<T> => (await import(new URL(`../../../sandbox/child/${file}`, import.meta.url).href)) as T;

let pyodide: PyodideAPI;
let reset: ResetModule;
let verify: VerifyModule;
let point: unknown;
let description: unknown;

beforeAll(async () => {
  reset = await childModule<ResetModule>('reset.mjs');
  verify = await childModule<VerifyModule>('verify.mjs');
  const finalizers = reset.holdFinalizers();
  const paths = childPaths();
  const snapshot = readFileSync(await ensureSnapshot(TEST_CACHE_DIR, paths, silentLogger));
  pyodide = await loadPyodide({ indexURL: paths.pyodideDir, env: {}, _loadSnapshot: snapshot } as Parameters<typeof loadPyodide>[0]);
  pyodide.setStdout({ batched: () => {} });
  pyodide.setStderr({ batched: () => {} });
  finalizers.hold();
  point = reset.captureResetPoint(pyodide);
  description = verify.describeResetPoint(pyodide, point);
}, 120_000);

const internals = () => (pyodide as unknown as { _module: HiwireModule })._module;
const mismatches = () => verify.resetMismatches(pyodide, point, description);

function restored(): string[] {
  expect(reset.restoreResetPoint(pyodide, point)).toBeNull();
  return mismatches();
}

describe('verify mode and the reset', () => {
  it('finds nothing at the reset point', () => {
    expect(mismatches()).toEqual([]);
  });

  it('names a changed heap, file tree, cwd and fd table, and the reset puts them all back', () => {
    pyodide.runPython('import os\nos.chdir("/tmp")\nkept = open("/tmp/planted.txt", "w")\nkept.write("x")\nkept.flush()\nleft = [1] * 1000');
    const found = mismatches().join('\n');
    expect(found).toContain('memory SHA-256 differs');
    expect(found).toContain('file system: tree differs');
    expect(found).toContain('file system: cwd differs');
    expect(found).toContain('file system: fds differs');
    expect(found).toContain('file system: counters differs');
    expect(restored()).toEqual([]);
    expect(pyodide.runPython('import os\n(os.getcwd(), os.path.exists("/tmp/planted.txt"), "left" in globals())').toJs()).toEqual(['/home/pyodide', false, false]);
    expect(restored()).toEqual([]);
  });

  it('notices a single flipped byte of linear memory', () => {
    const heap = internals().HEAPU8;
    heap[heap.length - 1]! ^= 1;
    expect(mismatches()).toEqual(['memory SHA-256 differs']);
    expect(restored()).toEqual([]);
  });

  it('notices a replaced JS value in a live hiwire slot, and restores it', () => {
    expect(internals().__hiwire_set(1, { planted: true })).toBeGreaterThanOrEqual(0);
    expect(mismatches().join('\n')).toContain('hiwire slot 1 differs');
    expect(restored()).toEqual([]);
  });

  it('refuses to reset a heap that grew (memory cannot shrink): the worker must go', () => {
    pyodide.runPython('grown = bytearray(64 * 2**20)');
    expect(reset.restoreResetPoint(pyodide, point)).toBe('memory grew past the reset point');
  });
});
