/* global WebAssembly, URL, performance */
// One Pyodide interpreter in a worker thread (or the snapshot build). After a clean run the worker
// resets the interpreter in place and serves the next one (reset.mjs); a run the gate tainted, or
// that was stopped, ends the worker, and a fresh V8 isolate replaces it (gate.mjs).
// Python runs here, off the child's main thread, so the main thread can interrupt it through the
// shared interrupt buffer and terminate it when it ignores the interrupt.
// Plain JavaScript on purpose: it runs under Node's permission model without any loader.
import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import { shimProcessBinding, CONTROL, STOP } from './shared.mjs';
import { createGate } from './gate.mjs';
import { captureResetPoint, holdFinalizers, restoreResetPoint } from './reset.mjs';
import { describeResetPoint, resetMismatches } from './verify.mjs';

const MAX_TRACEMALLOC_BYTES = 16 * 2 ** 20;
/** Heap the measuring may use beyond the program's cap, so measuring a big program is not its fault. */
const MEASURING_ALLOWANCE_BYTES = 64 * 2 ** 20;
let allowanceBytes = 0;

shimProcessBinding();
capWasmMemory(workerData.memoryBytes);
// --- reuse hook: the gate sees every wasm→JS call; finalizers can be held from the reset point on.
const gate = workerData.mode === 'run' ? createGate() : null;
const finalizers = holdFinalizers();
reuseCompiledModule(workerData.wasmModule, gate);
const { loadPyodide } = await import(workerData.pyodideUrl);

if (workerData.mode === 'build') await buildSnapshot();
else await serveRuns();

/** The interpreter heap may not grow past the cap: growth fails, so malloc fails, so Python raises MemoryError. */
function capWasmMemory(limitBytes) {
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function cappedGrow(pages) {
    if (this.buffer.byteLength + pages * 65536 > limitBytes + allowanceBytes) {
      if (workerData.control) Atomics.add(new Int32Array(workerData.control), CONTROL.memoryCapHits, 1);
      throw new RangeError('memtutor sandbox: interpreter memory cap reached');
    }
    return grow.call(this, pages);
  };
}

/** The child compiled pyodide.asm.wasm once; every worker instantiates that module instead of recompiling. */
function reuseCompiledModule(module, gate) {
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function instantiateShared(source, imports) {
    if (source instanceof WebAssembly.Module) return instantiate(source, imports);
    const instance = await instantiate(module, gate ? gate.wrapImports(module, imports) : imports);
    return { instance, module };
  };
}

function pyodideOptions(extra) {
  return { indexURL: workerData.pyodideDir, env: {}, jsglobals: Object.freeze(Object.create(null)), ...extra };
}

async function buildSnapshot() {
  const pyodide = await loadPyodide(pyodideOptions({ _makeSnapshot: true }));
  const harness = fs.readFileSync(new URL('./harness.py', import.meta.url), 'utf8');
  const measure = fs.readFileSync(new URL('./measure.py', import.meta.url), 'utf8');
  pyodide.FS.writeFile('/lib/python3.14/site-packages/memtutor_harness.py', harness);
  const module = pyodide.pyimport('memtutor_harness');
  module.MEASURE_CODE = pyodide.pyimport('builtins').compile(measure, '<memtutor-measure>', 'exec');
  module.warm_up(module.MEASURE_CODE);
  pyodide.pyimport('os').remove('/lib/python3.14/site-packages/memtutor_harness.py');
  module.destroy();
  pyodide.runPython('import gc; gc.collect()');
  const snapshot = pyodide.makeMemorySnapshot();
  const version = pyodide.runPython('import sys; sys.version.split()[0]');
  parentPort.postMessage({ type: 'snapshot', version, bytes: snapshot }, [snapshot.buffer]);
}

async function serveRuns() {
  const control = new Int32Array(workerData.control);
  const output = new Uint8Array(workerData.output);
  // Read by each worker, not shared from the main thread: sharing would let a run alter what the next
  // one restores, and a copy held by the main thread costs 30 MB of resident memory.
  const pyodide = await loadPyodide(pyodideOptions({ _loadSnapshot: fs.readFileSync(workerData.snapshotPath) }));
  pyodide.setInterruptBuffer(new Int32Array(workerData.interrupt));
  captureOutput(pyodide, control, output, workerData.outputBytes);
  const kit = lockDown(pyodide);
  // --- reuse hook: the reset point is the interpreter right after lockdown.
  const reuse = reusePoint(pyodide, kit);
  parentPort.postMessage({ type: 'ready', python: kit.python });
  parentPort.on('message', (message) => {
    const refused = reuse.refusal();
    const result = refused ?? runSnippet(pyodide, kit, String(message.code), control);
    const reusable = !refused && reuse.reusable(result);
    parentPort.postMessage({ type: 'done', result, reusable });
    if (reusable) parentPort.postMessage({ type: 'reset', problem: reuse.restore() });
  });
}

/**
 * The reset point and the rules for coming back to it. A run is only undone in place when the gate
 * saw nothing outside its allowlist and the program ended normally; anything else ends the worker.
 */
function reusePoint(pyodide, kit) {
  kit.bind = pyodide.pyimport('functools').partial;
  finalizers.hold();
  pyodide._api.on_fatal = () => gate.mark('Pyodide fatal error');
  gate.armed = true;
  if (!workerData.reuse) return { refusal: () => null, reusable: () => false, restore: () => 'reuse is off' };
  // The reset point replaces the snapshot as what this worker returns to: let the 30 MB of it go.
  pyodide._api.config._loadSnapshot = undefined;
  const point = captureResetPoint(pyodide);
  const description = workerData.verifyReset ? describeResetPoint(pyodide, point) : null;
  // Checked right after each reset, off the next program's clock; the next run is refused on a mismatch.
  let mismatches = [];
  return {
    refusal() {
      if (mismatches.length === 0) return null;
      gate.mark('reset verification failed');
      const message = `reset verification failed: ${mismatches.join('; ')}`.slice(0, 500);
      return { phase: 'aborted', runMs: 0, hints: [], error: { type: 'InterpreterError', message, line: null, traceback: '' } };
    },
    reusable(result) {
      return gate.taint === null && (result.phase === 'measured' || result.phase === 'compile');
    },
    restore() {
      allowanceBytes = 0;
      const problem = restoreResetPoint(pyodide, point);
      if (!problem && description) mismatches = resetMismatches(pyodide, point, description);
      return problem;
    },
  };
}

/** Python must not reach JS: no `js`, no `pyodide_js`, no package loading. Then the harness locks Python down. */
function lockDown(pyodide) {
  pyodide.unregisterJsModule('js');
  pyodide.unregisterJsModule('pyodide_js');
  for (const name of ['loadPackage', 'loadPackagesFromImports', 'mountNodeFS', 'mountNativeFS', 'registerJsModule']) {
    pyodide[name] = () => {
      throw new Error(`memtutor sandbox: ${name} is disabled`);
    };
  }
  // No runPython here: Pyodide's eval_code parses and compiles in Python, which costs every run.
  const harness = pyodide.pyimport('memtutor_harness');
  const kit = { harness, measureCode: harness.MEASURE_CODE, python: harness.PYTHON_VERSION };
  harness.lock_down();
  harness.settle();
  return kit;
}

/**
 * stdout and stderr go straight into shared memory, so the main thread still has them after a kill.
 * Past the cap the rest is dropped and the run is interrupted. (measure.py flushes Python's buffers.)
 */
function captureOutput(pyodide, control, output, capBytes) {
  const writer = (stream) => ({
    isatty: false,
    write(bytes) {
      const used = control[CONTROL.stdoutBytes] + control[CONTROL.stderrBytes];
      const room = Math.max(0, capBytes - used);
      const kept = Math.min(room, bytes.length);
      const offset = stream === 'stdout' ? control[CONTROL.stdoutBytes] : capBytes + control[CONTROL.stderrBytes];
      output.set(bytes.subarray(0, kept), offset);
      Atomics.add(control, stream === 'stdout' ? CONTROL.stdoutBytes : CONTROL.stderrBytes, kept);
      if (kept < bytes.length) {
        Atomics.store(control, CONTROL.truncated, 1);
        Atomics.compareExchange(control, CONTROL.stop, STOP.none, STOP.outputLimit);
        Atomics.store(new Int32Array(workerData.interrupt), 0, 2);
      }
      return bytes.length;
    },
  });
  pyodide.setStdout(writer('stdout'));
  pyodide.setStderr(writer('stderr'));
}

function runSnippet(pyodide, kit, code, control) {
  const clock = phaseClock();
  let prepared;
  try {
    prepared = kit.harness.prepare(code);
  } catch (error) {
    // Compiling itself overflowed the stack (e.g. a 20,000-character flat expression).
    gate.mark('compiling threw'); // reuse hook: Pyodide's JS side may be left half-way
    return { phase: 'compile', error: compileFailure(error), hints: [], runMs: 0 };
  }
  const codeObject = prepared.get(0);
  const reading = JSON.parse(prepared.get(1));
  const refs = prepared.get(2);
  const builtins = pickRefs(refs, prepared.get(3), [
    'dict', 'exec', 'len', 'gc_collect', 'gc_get_debug', 'gc_set_debug', 'gc_get_stats', 'gc_get_count', 'gc_isenabled',
    'gc_disable', 'gc_enable', 'GC_GARBAGE', 'GC_CALLBACKS', 'traced_memory', 'get_traces', 'tracemalloc_stop', 'is_tracing',
    'settrace', 'setprofile', 'monitoring_get_tool', 'monitoring_free_tool_id', 'setrecursionlimit', 'RECURSION_LIMIT',
    'tracemalloc_memory',
  ]);
  if (!codeObject) return { phase: 'compile', error: reading.error, hints: [], runMs: 0 };
  clock.lap('prepare');
  const before = JSON.parse(kit.harness.begin());
  const userGlobals = kit.harness.new_globals();
  const started = performance.now();
  const outcome = builtins.dict();
  let failure;
  // reuse hook: bound before the gate opens, so only the program's own calls happen inside it.
  const program = kit.bind(kit.harness.run, codeObject, userGlobals, outcome);
  gate.open = true;
  try {
    program();
  } catch (error) {
    failure = error;
    gate.mark('the program threw into JS');
  }
  gate.open = false;
  const runMs = performance.now() - started;
  Atomics.store(control, CONTROL.measuring, 1);
  allowanceBytes = MEASURING_ALLOWANCE_BYTES;
  silenceHooks(builtins);
  if (control[CONTROL.stop] !== STOP.none) return { phase: 'stopped', runMs, hints: reading.hints };
  // A PythonError here is a hook of the snippet raising after it returned: measure anyway. Anything
  // else is the interpreter itself giving up (os._exit, a JS stack overflow): nothing to measure.
  if (failure && failure.constructor?.name !== 'PythonError') {
    return { phase: 'aborted', runMs, hints: reading.hints, error: abortedError(failure) };
  }
  const raised = outcome.get('error');
  const programErrorType = raised ? String(raised.type) : null;
  const after = readCountersNow(builtins);

  const result = { phase: 'measured', runMs, hints: reading.hints, facts: reading.facts, phasesMs: clock.laps };
  clock.lap('run');
  try {
    result.measured = JSON.parse(
      measurePhase(kit, refs, builtins, {
        PHASE: 'measure', USER_GLOBALS: userGlobals, ERROR: raised, SOURCE: code,
        BEFORE_COUNT: pyodide.toPy(before.count), BEFORE_STATS: pyodide.toPy(before.stats),
        CLASS_LINES: pyodide.toPy(reading.facts.classLines), MAX_VARIABLES: 100, ...after,
      }),
    );
    clock.lap('measure');
    result.garbage = finalCollection(kit, refs, builtins, code, result.measured, control);
    clock.lap('collect');
  } catch (error) {
    return { phase: 'measure-failed', runMs, hints: reading.hints, failure: describeFailure(error), programErrorType };
  }
  return result;
}

function phaseClock() {
  let last = performance.now();
  const laps = {};
  return {
    laps,
    lap(name) {
      const now = performance.now();
      laps[name] = Math.round((now - last) * 100) / 100;
      last = now;
    },
  };
}

/**
 * gc and tracemalloc counters, read through the captured builtins the instant the snippet returns,
 * before the harness allocates anything, then both are switched off for the measuring.
 */
function readCountersNow(builtins) {
  const counters = { COUNT_AFTER: builtins.gc_get_count(), STATS_AFTER: builtins.gc_get_stats(), GC_ENABLED: builtins.gc_isenabled() };
  const tracing = builtins.is_tracing();
  counters.TRACED = tracing ? builtins.traced_memory() : undefined;
  // Millions of live blocks would make the list of traces bigger than the program: skip the top lines then.
  counters.TRACES = tracing && builtins.tracemalloc_memory() < MAX_TRACEMALLOC_BYTES ? builtins.get_traces() : undefined;
  builtins.tracemalloc_stop();
  builtins.gc_disable();
  return counters;
}

/**
 * Trace, profile and monitoring callbacks, gc callbacks and a tiny recursion limit that the snippet
 * installed would run user code (or fail) inside the measuring; switched off from here, in JS.
 */
function silenceHooks(builtins) {
  builtins.settrace(undefined);
  builtins.setprofile(undefined);
  for (let tool = 0; tool < 6; tool++) {
    if (builtins.monitoring_get_tool(tool) !== undefined) builtins.monitoring_free_tool_id(tool);
  }
  builtins.setrecursionlimit(builtins.RECURSION_LIMIT);
  builtins.GC_CALLBACKS.clear();
}

function compileFailure(error) {
  const stack = /Maximum call stack size exceeded/.test(String(error?.message ?? error));
  return {
    type: stack ? 'RecursionError' : 'InterpreterError',
    message: stack ? 'the code is nested too deeply (or one expression is too long) for the interpreter to compile' : describeFailure(error),
    line: null,
    traceback: '',
  };
}

function abortedError(error) {
  const text = String(error?.message ?? error);
  const stack = /Maximum call stack size exceeded/.test(text);
  if (!stack && typeof error?.status === 'number') {
    return { type: 'SystemExit', message: `the program ended the interpreter (exit status ${error.status})`, line: null, traceback: '' };
  }
  return {
    type: stack ? 'RecursionError' : 'InterpreterError',
    message: stack ? 'maximum recursion depth exceeded (the interpreter ran out of stack)' : describeFailure(error),
    line: null,
    traceback: '',
  };
}

/** Captured builtins by name: `dict(REFS)` made by the captured dict type, read with C-level lookups. */
function pickRefs(refs, dictType, names) {
  const captured = dictType(refs);
  const found = { dict: dictType };
  for (const name of names) if (name !== 'dict') found[name] = captured.get(name);
  return found;
}

/** Runs measure.py's precompiled code in a fresh namespace whose builtins are the captured REFS. */
function measurePhase(kit, refs, builtins, inputs) {
  const captured = builtins.dict(refs);
  const namespace = builtins.dict();
  namespace.set('__builtins__', captured);
  for (const [name, value] of Object.entries(inputs)) namespace.set(name, value);
  builtins.exec(kit.measureCode, namespace);
  const result = namespace.get('RESULT');
  // The functions measure.py defined and their globals form cycles; break them, or the final
  // collection would count the harness's own garbage.
  namespace.clear();
  return result;
}

/**
 * The final gc.collect(), called straight from JS so no Python frame of ours is on the stack while
 * user finalizers run. Saved once (DEBUG_SAVEALL) to describe the garbage cycles, then freed.
 */
function finalCollection(kit, refs, builtins, code, measured, control) {
  const garbage = builtins.GC_GARBAGE;
  const already = builtins.len(garbage);
  const uncollectableBefore = uncollectableSoFar(builtins);
  const debug = builtins.gc_get_debug();
  builtins.gc_set_debug(32); // gc.DEBUG_SAVEALL
  // Everything older was collected while warming up: unless the program's objects were promoted by a
  // young collection during the run, a young collection finds all they left behind, and fast.
  const promoted = measured.gc.collections.some((n) => n > 0);
  Atomics.store(control, CONTROL.measuring, 0); // finalizers are the program's code, on the program's clock
  const collection = kit.bind(builtins.gc_collect, promoted ? 2 : 0);
  gate.open = true; // reuse hook
  let collected;
  try {
    collected = collection();
  } finally {
    gate.open = false;
  }
  Atomics.store(control, CONTROL.measuring, 1);
  builtins.gc_set_debug(debug);
  silenceHooks(builtins); // finalizers that just ran are user code too
  // No second collection to free what was saved: the reset (or the worker's end) drops it all.
  const described = JSON.parse(
    measurePhase(kit, refs, builtins, { PHASE: 'garbage', SOURCE: code, ALREADY: already, GARBAGE_LIST: garbage }),
  );
  return { collectedAtEnd: collected, uncollectable: uncollectableSoFar(builtins) - uncollectableBefore, ...described };
}

function uncollectableSoFar(builtins) {
  const stats = builtins.gc_get_stats().toJs({ dict_converter: Object.fromEntries });
  return stats.reduce((sum, generation) => sum + generation.uncollectable, 0);
}

function describeFailure(error) {
  const text = String(error?.message ?? error);
  const lastLine = text.trim().split('\n').at(-1) ?? text;
  return lastLine.slice(0, 500);
}
