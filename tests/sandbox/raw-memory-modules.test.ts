// Every module compiled into Pyodide is either on the sandbox's deny list (it can read or write raw
// memory, call C functions or reach interpreter internals) or reviewed here as harmless. A Pyodide
// upgrade that adds a module fails this test until someone decides which list it belongs on.
import { readFileSync } from 'node:fs';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const denyListSchema = z.object({ comment: z.string(), modules: z.record(z.string(), z.string().min(10)) });
const denied = Object.keys(denyListSchema.parse(JSON.parse(readFileSync(new URL('../../sandbox/child/raw-memory-modules.json', import.meta.url), 'utf8'))).modules);

/** Reviewed for Pyodide 314.0.7: none reaches memory outside its own objects or calls C by address. */
const REVIEWED_HARMLESS = [
  '_abc', '_ast', '_asyncio', '_bisect', '_blake2', '_bz2', '_codecs', '_codecs_cn', '_codecs_hk', '_codecs_iso2022',
  '_codecs_jp', '_codecs_kr', '_codecs_tw', '_collections', '_contextvars', '_csv', '_datetime', '_decimal', '_elementtree',
  '_functools', '_heapq', '_hmac', '_imp', '_io', '_json', '_locale', '_lsprof', '_lzma', '_md5', '_multibytecodec',
  '_opcode', '_operator', '_pickle', '_posixsubprocess', '_pyodide_core', '_queue', '_random', '_sha1', '_sha2', '_sha3',
  '_signal', '_socket', '_sqlite3', '_sre', '_stat', '_statistics', '_string', '_struct', '_suggestions', '_symtable',
  '_sysconfig', '_thread', '_tokenize', '_tracemalloc', '_types', '_typing', '_warnings', '_weakref', '_zoneinfo', '_zstd',
  'array', 'atexit', 'binascii', 'builtins', 'cmath', 'errno', 'fcntl', 'gc', 'itertools', 'marshal', 'math', 'mmap',
  'posix', 'pyexpat', 'select', 'sys', 'termios', 'time', 'unicodedata', 'xxsubtype', 'zlib',
];

let pyodide: PyodideAPI;

beforeAll(async () => {
  // A plain interpreter, as Pyodide ships it: the sandbox's own has the denied modules removed.
  pyodide = await loadPyodide();
}, 60_000);

describe('the raw-memory deny list', () => {
  it('classifies every built-in module of this Pyodide, and names only modules that exist', () => {
    const builtin = (pyodide.runPython('import sys; list(sys.builtin_module_names)') as { toJs(): string[] }).toJs();
    const unreviewed = builtin.filter((name) => !denied.includes(name) && !REVIEWED_HARMLESS.includes(name));
    expect(unreviewed, 'new built-in modules: add each to the deny list or to REVIEWED_HARMLESS').toEqual([]);
    expect(denied.filter((name) => !builtin.includes(name))).toEqual([]);
    expect(denied).toContain('_ctypes');
  });

  it('the standard library zip and lib-dynload hold no extension module that could bring one back', () => {
    const extensions = (pyodide.runPython(`
import os, zipfile
found = [n for n in zipfile.ZipFile("/lib/python314.zip").namelist() if n.endswith((".so", ".pyd", ".wasm"))]
dynload = "/lib/python3.14/lib-dynload"
found += os.listdir(dynload) if os.path.isdir(dynload) else []
found
`) as { toJs(): string[] }).toJs();
    expect(extensions).toEqual([]);
  });
});
