/* global WebAssembly, URL */
// The gate: while a program (and the final collection, which runs its finalizers) executes, every
// call from the interpreter's wasm into JavaScript is checked against an allowlist of imports that
// are stateless or whose effects the reset puts back. Anything else taints the run, and a tainted
// worker is thrown away instead of reset: JS-side state has no hash, so only the gate keeps it honest.
// A JS exception that crosses wasm frames taints the worker too (here, or where it reaches the worker).
import fs from 'node:fs';

/** Import name → why calling it cannot leave state the reset misses (reviewed per Pyodide upgrade). */
const ALLOWED = Object.freeze(JSON.parse(fs.readFileSync(new URL('./gate-allowlist.json', import.meta.url), 'utf8')));

const O_ACCMODE = 3;
const O_CREAT = 0o100;
const O_TRUNC = 0o1000;
const STDOUT_FD = 1;
const STDERR_FD = 2;

/** Allowed imports that are only harmless for some arguments: the rest of their calls taint. */
const ARGUMENT_CHECKS = Object.freeze({
  // Reading files is covered by the reset (fds, positions); creating or truncating one is a write.
  __syscall_openat: (_dirfd, _path, flags) => (flags & O_ACCMODE) === 0 && (flags & (O_CREAT | O_TRUNC)) === 0,
  // Output goes to the capture devices on fds 1 and 2; any other fd is a file write.
  'wasi_snapshot_preview1:fd_write': (fd) => fd === STDOUT_FD || fd === STDERR_FD,
  // Files the program opened; the standard streams are devices with JS-side handlers, left alone.
  'wasi_snapshot_preview1:fd_read': isOpenedFile,
  'wasi_snapshot_preview1:fd_seek': isOpenedFile,
  'wasi_snapshot_preview1:fd_close': isOpenedFile,
});

function isOpenedFile(fd) {
  return fd > STDERR_FD;
}

/** How an import is named in the allowlist and in taint reasons. */
export function importName(entry) {
  return entry.module === 'env' ? entry.name : `${entry.module}:${entry.name}`;
}

export function createGate() {
  const gate = {
    /** Set from the reset point on: exceptions out of imports taint from then on. */
    armed: false,
    /** Set while the program or its finalizers run. */
    open: false,
    /** The first reason this worker may not be reused, or null. */
    taint: null,
    mark(reason) {
      gate.taint ??= reason;
    },
    /** The imports object the interpreter is instantiated with, every function import wrapped. */
    wrapImports(module, imports) {
      const wrapped = {};
      for (const entry of WebAssembly.Module.imports(module)) {
        wrapped[entry.module] ??= {};
        const value = imports[entry.module][entry.name];
        wrapped[entry.module][entry.name] = entry.kind === 'function' && typeof value === 'function' ? gated(gate, importName(entry), value) : value;
      }
      return wrapped;
    },
  };
  for (const name of Object.keys(ARGUMENT_CHECKS)) {
    if (!(name in ALLOWED)) throw new Error(`memtutor sandbox: argument check for ${name}, which is not allowed`);
  }
  return gate;
}

/**
 * Allowed imports without an argument check are passed through unwrapped: the hot ones (function
 * pointer calls, clocks) run millions of times, and an exception out of them still reaches the
 * worker's call into Python, which taints the worker (worker.mjs). The rest mark the run.
 */
function gated(gate, name, target) {
  const check = ARGUMENT_CHECKS[name];
  if (name in ALLOWED && !check) return target;
  return function gatedImport(...args) {
    if (gate.open && !(check && check(...args))) gate.mark(`import ${name}`);
    try {
      return target.apply(this, args);
    } catch (error) {
      if (gate.armed) gate.mark(`exception through ${name}`);
      throw error;
    }
  };
}
