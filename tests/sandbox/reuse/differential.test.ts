// The guarantee, tested as a difference: a report from a worker that was reset in place after earlier
// runs equals, byte for byte apart from timings, the report of a worker that never ran anything. Over
// every lesson code block and example, the red-team persistence plant, and after each of them a
// fingerprint battery of state a leak would show in (ids, allocated blocks, gc counts, fds, inodes,
// statvfs, string hashes, random state, modules, limits).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LESSONS_DIR, LessonLibrary } from '../../../src/core/lessons/library.js';
import { extractCodeBlocks } from '../../../src/core/lessons/markdown.js';
import type { MemoryReport } from '../../../sandbox/index.js';
import { check, py, sandboxForFile, testSandbox } from '../helpers.js';

const TIMEOUT_MS = 15_000;
const library = await LessonLibrary.load();
const lessonBlocks = library.lessons.flatMap((lesson) =>
  extractCodeBlocks(lesson.body)
    .filter((block) => block.language === 'python')
    .map((block, index): [string, string] => [`lesson ${lesson.number} block ${index + 1}`, block.code]),
);
const examplesDir = path.join(DEFAULT_LESSONS_DIR, 'examples');
const examples = await Promise.all(
  (await readdir(examplesDir)).filter((file) => file.endsWith('.py')).sort()
    .map(async (file): Promise<[string, string]> => [`examples/${file}`, await readFile(path.join(examplesDir, file), 'utf8')]),
);

/** Red-team persistence plant without file writes or JS objects (those end the worker): all in memory. */
const PLANT = py(
  'import builtins, gc, os, sys, json, atexit, colorsys',
  'os.environ["PLANTED"] = "1"',
  'os.chdir("/tmp")',
  'builtins.evil = "planted"',
  'json.dumps = lambda *a, **k: "forged"',
  'sys.path.insert(0, "/tmp/evil")',
  'sys.set_int_max_str_digits(640)',
  'gc.disable()',
  'gc.set_threshold(1, 1, 1)',
  'gc.callbacks.append(lambda *a: print("PLANTED CALLBACK"))',
  'atexit.register(print, "PLANTED ATEXIT")',
  'sys.modules["os"] = "hijacked"',
  'sys.setrecursionlimit(60)',
  'builtins.len = lambda o: 42',
);

const FINGERPRINT = py(
  'import gc, os, sys, random, json',
  'print("ids", [id(object()) for _ in range(3)], id([]), id({}), id(1.5))',
  'print("blocks", sys.getallocatedblocks())',
  'print("gc", gc.get_count(), [s["collections"] for s in gc.get_stats()], gc.isenabled(), gc.get_threshold(), len(gc.garbage), len(gc.callbacks))',
  'fd = os.open("/lib/python314.zip", os.O_RDONLY)',
  'print("next fd", fd, "inode", os.fstat(fd).st_ino)',
  'os.close(fd)',
  'print("statvfs", tuple(os.statvfs("/")))',
  // Inodes, not times: the file system is built when a worker starts, so its times differ between any two.
  'print("nodes", [(p, os.stat(p).st_ino, os.stat(p).st_nlink, os.stat(p).st_size) for p in ("/", "/tmp", "/home/pyodide", "/dev", "/dev/null")])',
  'print("dirs", sorted(os.listdir("/tmp")), sorted(os.listdir("/home/pyodide")), sorted(os.listdir("/dev")))',
  'print("cwd", os.getcwd(), "env", sorted(os.environ))',
  'print("hash", hash("memtutor"), hash(b"memtutor"), hash((1, "a")))',
  'print("random", random.random(), random.getrandbits(32))',
  'print("modules", len(sys.modules), sorted(sys.modules))',
  'print("limits", sys.getrecursionlimit(), sys.get_int_max_str_digits(), sys.path, json.dumps([1]))',
  'print("builtins", len(dir(__builtins__)), hasattr(__builtins__, "evil"))',
);

const reused = sandboxForFile(() => testSandbox({ poolSize: 1, timeoutMs: TIMEOUT_MS }));
const fresh = sandboxForFile(() => testSandbox({ poolSize: 1, timeoutMs: TIMEOUT_MS, reuse: false }));

/** The report without what differs between any two runs: wall-clock timings, and times the program printed. */
function comparable(report: MemoryReport) {
  const { timing: _timing, ...rest } = report;
  return JSON.parse(JSON.stringify(rest).replace(/\d+\.\d+(e-?\d+)?/g, '<float>')) as object;
}

let freshFingerprint: object | undefined;

/** Wall-clock budgets (the time limit, the measuring budget) can run out under load in one run only. */
function ranOutOfTime(report: MemoryReport): boolean {
  return report.status === 'timeout' || report.hints.some((hint) => hint.id === 'too-big-to-measure');
}

async function expectSameAsFresh(code: string): Promise<void> {
  let fromReused = await check(reused, code);
  let fromFresh = await check(fresh, code);
  if (ranOutOfTime(fromReused) !== ranOutOfTime(fromFresh)) {
    fromReused = await check(reused, code);
    fromFresh = await check(fresh, code);
  }
  expect(comparable(fromReused)).toEqual(comparable(fromFresh));
  freshFingerprint ??= comparable(await check(fresh, FINGERPRINT));
  expect(comparable(await check(reused, FINGERPRINT))).toEqual(freshFingerprint);
}

describe('a reused worker reports exactly what a fresh one does', () => {
  it('the fingerprint battery itself is deterministic on fresh workers (so differences mean something)', async () => {
    const first = comparable(await check(fresh, FINGERPRINT));
    expect(comparable(await check(fresh, FINGERPRINT))).toEqual(first);
    expect(JSON.stringify(first)).toMatch(/random <float> \d+/);
  });

  it('after the red-team persistence plant', async () => {
    await expectSameAsFresh(PLANT);
  }, 60_000);

  it.each([...lessonBlocks, ...examples])('%s', async (_name, code) => {
    await expectSameAsFresh(code);
  }, 120_000);

  it('and the runs above really ran on reused workers', () => {
    const { completed, onReusedWorker } = reused.status().runs;
    expect(completed).toBeGreaterThan(2 * lessonBlocks.length);
    expect(onReusedWorker / completed).toBeGreaterThan(0.8);
  });
});
