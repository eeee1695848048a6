/* global WebAssembly, URL, setTimeout, clearTimeout, setInterval, clearInterval, TextDecoder, Buffer */
// The sandbox child's main thread. Started by the host (sandbox/process.ts) inside a network
// namespace, with an empty environment, `--disallow-code-generation-from-strings` and Node's
// permission model (read-only access to Pyodide, this directory and the snapshot; workers only).
// It keeps one pre-warmed worker (a Pyodide restored from the snapshot) waiting for code, runs each
// snippet in it, enforces the wall-time limit (and the host's cancel) with an interrupt and then a
// terminate, and keeps at most the output cap of what the program prints.
// After a clean run the worker resets itself to its reset point and serves the next snippet; after
// any other run (stopped, tainted, crashed, or with reuse off) it is replaced by a fresh one.
// Plain JavaScript on purpose: it runs under the permission model without any loader.
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import { CONTROL, STOP, shimProcessBinding } from './shared.mjs';

shimProcessBinding();
const config = JSON.parse(process.argv[2] ?? '{}');
const wasmModule = await WebAssembly.compile(fs.readFileSync(`${config.pyodideDir}pyodide.asm.wasm`));
/** How often the main thread checks a run's clocks and limits. */
const WATCH_MS = 20;
/** Keep in step with MAX_CHILD_MESSAGE_CHARS in sandbox/protocol.ts. */
const MAX_MESSAGE_CHARS = 768 * 1024;
const STOP_NAMES = { [STOP.none]: 'none', [STOP.timeout]: 'timeout', [STOP.cancelled]: 'cancelled', [STOP.measureTimeout]: 'measure_timeout' };

if (config.mode === 'build') buildSnapshot();
else serve();

function startWorker(mode) {
  const shared = {
    control: new SharedArrayBuffer(CONTROL.size * 4),
    interrupt: new SharedArrayBuffer(4),
    output: new SharedArrayBuffer(config.outputBytes * 2),
  };
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
    workerData: {
      mode, wasmModule, ...shared,
      pyodideDir: config.pyodideDir, pyodideUrl: config.pyodideUrl, snapshotPath: config.snapshotPath,
      memoryBytes: config.memoryBytes, outputBytes: config.outputBytes, reuse: config.reuse, verifyReset: config.verifyReset,
    },
    env: {},
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: config.workerHeapMb },
  });
  // Pyodide may log through console; that is not program output and must not reach the host's pipes.
  worker.stdout.resume();
  worker.stderr.resume();
  return { worker, served: 0, python: '', ...shared };
}

function buildSnapshot() {
  const { worker } = startWorker('build');
  worker.once('message', (message) => {
    const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
    process.stdout.write(bytes, () => {
      process.send({ type: 'snapshot', version: message.version, size: bytes.length }, () => process.exit(0));
    });
  });
  worker.once('error', (error) => fatal(`snapshot build failed: ${error.message}`));
}

function serve() {
  let warm = null;
  const bornAt = Date.now();

  const warmNext = () => {
    const slot = startWorker('run');
    const failed = (error) => fatal(`worker failed to start: ${error?.message ?? error}`);
    slot.worker.once('error', failed);
    slot.worker.once('message', (message) => {
      slot.worker.off('error', failed);
      if (message?.type !== 'ready') return failed(new Error('unexpected first message'));
      slot.python = message.python;
      becomeWarm(slot);
    });
  };
  const becomeWarm = (slot) => {
    warm = slot;
    process.send({ type: 'ready', python: slot.python });
  };

  /** Stops the run in progress when the host cancels it (by the run's id). */
  let cancelRun = () => {};
  process.on('message', async (message) => {
    if (message?.type === 'shutdown') process.exit(0);
    if (message?.type === 'cancel') return cancelRun(message.id);
    if (message?.type !== 'run') return;
    if (!warm) return process.send({ type: 'result', id: message.id, result: crashed('no interpreter was ready') });
    // Acknowledged before anything runs: a child that dies before this line never started the job.
    const slot = warm;
    warm = null;
    process.send({ type: 'started', id: message.id });
    const run = runInWorker(slot, String(message.code));
    cancelRun = (id) => id === message.id && run.cancel();
    const { result, reset } = await run.finished;
    cancelRun = () => {};
    process.send({ type: 'result', id: message.id, result: withinMessageLimit(result), reused: slot.served > 0 });
    slot.served += 1;
    // --- reuse hook: keep the worker only when its reset succeeded and nothing stopped the run.
    const kept = reset !== null && cleanEnd(result) && (await reset) === null;
    if (!kept) await slot.worker.terminate();
    if (Date.now() - bornAt > config.maxAgeMs || process.memoryUsage().rss > config.recycleRssBytes) process.exit(0);
    if (kept) {
      clearShared(slot);
      becomeWarm(slot);
    } else {
      warmNext();
    }
  });
  process.on('disconnect', () => process.exit(0));
  warmNext();
}

/** Nothing the main thread saw (a stop, a crash, the memory cap) rules out a reset. Dropped output
 *  does not: the program ran on normally. An interrupted run is never reset in place (see ARCHITECTURE). */
function cleanEnd(result) {
  return result.stop === 'none' && result.crash === null && result.worker !== null && !result.memoryCapHit;
}

/** The shared buffers back to their state before any run: counters, stop reason, interrupt, output. */
function clearShared(slot) {
  new Int32Array(slot.control).fill(0);
  new Int32Array(slot.interrupt).fill(0);
  new Uint8Array(slot.output).fill(0);
}

/**
 * Runs one snippet. `finished` always resolves with the result, whatever the worker does, and with
 * `reset`: null when the worker will not be reused, else a promise of its reset (null = done, else
 * the problem). `cancel()` stops the run as the time limit does, without measuring what it left.
 */
function runInWorker(slot, code) {
  const control = new Int32Array(slot.control);
  const interrupt = new Int32Array(slot.interrupt);
  let cancel = () => {};
  const finished = new Promise((resolve) => {
    let settled = false;
    let killTimer = null;
    let resetDone = () => {};
    const reset = new Promise((done) => (resetDone = done));
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      clearInterval(watch);
      resolve({ result: collect(slot, control, outcome), reset: outcome.reusable ? reset : null });
    };
    const onMessage = (message) => {
      if (message?.type === 'done') finish({ worker: message.result, crash: null, reusable: message.reusable === true });
      if (message?.type === 'reset') stopListening(message.problem ?? null);
    };
    const onError = (error) => {
      finish({ worker: null, crash: String(error?.code ?? error?.message ?? 'worker error').slice(0, 500) });
      stopListening('the worker failed');
    };
    const onExit = () => {
      finish({ worker: null, crash: settled ? null : 'the interpreter exited' });
      stopListening('the worker exited');
    };
    const stopListening = (problem) => {
      slot.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      resetDone(problem);
    };
    let terminating = null;
    const terminate = () => (terminating ??= slot.worker.terminate().then(() => finish({ worker: null, crash: null })));
    // Interrupt (KeyboardInterrupt at the next bytecode); terminate when that is ignored.
    const interruptRun = (reason) => {
      Atomics.compareExchange(control, CONTROL.stop, STOP.none, reason);
      Atomics.store(interrupt, 0, 2);
    };
    // The time limit counts the program's own time: the snippet, and the finalizers the final
    // collection runs. The measuring in between (no user code) has a budget of its own; after a
    // stop, all that follows the program's return is on that budget. A program that has not
    // returned `graceMs` after the interrupt (stuck in C code, or catching KeyboardInterrupt) ends
    // with its worker.
    const spent = { program: 0, measuring: 0 };
    let stoppedAt = null;
    const stopProgram = (reason) => {
      stoppedAt ??= Date.now();
      interruptRun(reason);
    };
    // A cancelled run is not measured, so whatever it is doing ends within the grace period.
    cancel = () => {
      stopProgram(STOP.cancelled);
      killTimer ??= setTimeout(terminate, config.graceMs);
    };
    let last = Date.now();
    const watch = setInterval(() => {
      const now = Date.now();
      const returned = control[CONTROL.returned] === 1;
      const measuring = control[CONTROL.measuring] === 1 || (stoppedAt !== null && returned);
      spent[measuring ? 'measuring' : 'program'] += now - last;
      last = now;
      if (stoppedAt === null && spent.program >= config.timeoutMs) stopProgram(STOP.timeout);
      else if (stoppedAt !== null && !returned && now - stoppedAt >= config.graceMs) terminate();
      else if (spent.measuring >= config.measureMs) {
        interruptRun(STOP.measureTimeout);
        killTimer ??= setTimeout(terminate, config.graceMs);
      }
    }, WATCH_MS);
    slot.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    slot.worker.postMessage({ code });
  });
  return { finished, cancel: () => cancel() };
}

function collect(slot, control, outcome) {
  const output = new Uint8Array(slot.output);
  const decode = (start, length) => new TextDecoder('utf-8', { fatal: false }).decode(output.slice(start, start + length));
  const stop = STOP_NAMES[control[CONTROL.stop]] ?? 'none';
  return {
    stop,
    worker: outcome.worker,
    crash: stop === 'none' ? outcome.crash : null,
    stdout: decode(0, control[CONTROL.stdoutBytes]),
    stderr: decode(config.outputBytes, control[CONTROL.stderrBytes]),
    truncated: control[CONTROL.truncated] === 1,
    memoryCapHit: control[CONTROL.memoryCapHits] > 0,
  };
}

/**
 * One message to the host is at most MAX_MESSAGE_CHARS of JSON. The measurements are capped by the
 * harness; the step-through trace goes first, then program output (escaped in JSON) is cut, and said so.
 */
function withinMessageLimit(result) {
  const size = JSON.stringify(result).length;
  if (size <= MAX_MESSAGE_CHARS) return result;
  if (result.worker?.steps) return withinMessageLimit({ ...result, worker: { ...result.worker, steps: undefined } });
  const excess = size - MAX_MESSAGE_CHARS;
  const cut = { ...result, truncated: true, stderr: result.stderr.slice(0, Math.max(0, result.stderr.length - excess)) };
  const left = JSON.stringify(cut).length - MAX_MESSAGE_CHARS;
  if (left > 0) cut.stdout = cut.stdout.slice(0, Math.max(0, cut.stdout.length - left));
  return JSON.stringify(cut).length <= MAX_MESSAGE_CHARS ? cut : crashed('the report was too large to send');
}

function crashed(reason) {
  return { stop: 'none', worker: null, crash: reason, stdout: '', stderr: '', truncated: false, memoryCapHit: false };
}

function fatal(message) {
  try {
    process.send({ type: 'fatal', message }, () => process.exit(70));
  } catch {
    process.exit(70);
  }
}
