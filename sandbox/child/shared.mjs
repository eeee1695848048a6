// Constants and helpers shared by the child's main thread (runner.mjs) and its worker (worker.mjs).
import fs from 'node:fs';
import os from 'node:os';

/** Slots of the Int32Array over the shared control buffer. `returned`: the program's code has
 *  returned (normally, by an exception, or interrupted), so what follows is the harness's. */
export const CONTROL = Object.freeze({ stop: 0, stdoutBytes: 1, stderrBytes: 2, truncated: 3, memoryCapHits: 4, measuring: 5, returned: 6, size: 7 });

/** Why a run was stopped before it finished (control[CONTROL.stop]). */
export const STOP = Object.freeze({ none: 0, timeout: 1, cancelled: 2, measureTimeout: 3 });

/**
 * Pyodide's start-up calls process.binding('constants'), which the permission model denies.
 * The constants it wants are public anyway; nothing else of process.binding is offered.
 */
export function shimProcessBinding() {
  const constants = { fs: fs.constants, os: os.constants };
  process.binding = function binding(name) {
    if (name === 'constants') return constants;
    throw new Error(`process.binding('${name}') is not available in the memtutor sandbox`);
  };
}
