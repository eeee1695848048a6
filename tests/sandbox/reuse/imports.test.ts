// The gate's allowlist is only as good as its review against Pyodide's real import list. This pins
// that list: a Pyodide upgrade that adds, removes or renames a wasm→JS import fails here, so someone
// re-reviews sandbox/child/gate-allowlist.json before reuse runs on the new interpreter.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { childPaths } from '../../../sandbox/isolation.js';

const PINNED = readFileSync(new URL('../../fixtures/pyodide-wasm-imports.txt', import.meta.url), 'utf8').trim().split('\n');
const ALLOWLIST = JSON.parse(readFileSync(new URL('../../../sandbox/child/gate-allowlist.json', import.meta.url), 'utf8')) as Record<string, string>;

/** The slice of the WebAssembly JS API used here (the project's TypeScript lib has no DOM types). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  Module: { imports(module: object): Array<{ module: string; name: string; kind: string }> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

async function functionImports(): Promise<string[]> {
  const module = await wasm.compile(readFileSync(`${childPaths().pyodideDir}pyodide.asm.wasm`));
  return wasm.Module.imports(module)
    .filter((entry) => entry.kind === 'function')
    .map((entry) => (entry.module === 'env' ? entry.name : `${entry.module}:${entry.name}`))
    .sort();
}

describe('the wasm import list the gate was reviewed against', () => {
  it('is exactly the interpreter’s function imports (review the allowlist when this changes)', async () => {
    expect(await functionImports()).toEqual(PINNED);
  });

  it('allows only imports that exist, each with a reason', () => {
    for (const [name, reason] of Object.entries(ALLOWLIST)) {
      expect(PINNED, name).toContain(name);
      expect(reason.length, name).toBeGreaterThan(10);
    }
  });

  it('denies every route from Python to JS objects, timers, sockets, mmap, dlopen and exit', () => {
    const denied = ['js2python_js', 'pyproxy_new', 'JsvObject_New', 'JsProxy_GetAttr_js', 'JsvFunction_Call_OneArg', '_setitimer_js',
      '__syscall_socket', '__syscall_connect', '_mmap_js', '_dlopen_js', 'exit', 'wasi_snapshot_preview1:proc_exit',
      '__hiwire_deduplicate_set', 'proxy_cache_set', 'ffi_call_js', 'capture_stderr', '__syscall_unlinkat', '__syscall_dup3'];
    for (const name of denied) {
      expect(PINNED, name).toContain(name);
      expect(ALLOWLIST, name).not.toHaveProperty(name);
    }
  });
});
