/* global WebAssembly, URL, performance, TextDecoder */
// One Pyodide interpreter in a worker thread (or the snapshot build). After a clean run the worker
// resets the interpreter in place and serves the next one (reset.mjs); a run the gate tainted, or
// that was stopped, ends the worker, and a fresh V8 isolate replaces it (gate.mjs).
// Python runs here, off the child's main thread, so the main thread can interrupt it through the
// shared interrupt buffer and terminate it when it ignores the interrupt.
// Plain JavaScript on purpose: it runs under Node's permission model without any loader.
import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { shimProcessBinding, CONTROL, STOP } from './shared.mjs';
import { createGate } from './gate.mjs';
import { captureResetPoint, holdFinalizers, restoreResetPoint } from './reset.mjs';
import { describeResetPoint, resetMismatches } from './verify.mjs';
import { startTrace, TRACE_CODE_NAME, TRACE_FILES, TRACE_TOOL, wantsTrace } from './trace.mjs';

const MAX_TRACEMALLOC_BYTES = 16 * 2 ** 20;
/** Heap the measuring may use beyond the program's cap, so measuring a big program is not its fault. */
const MEASURING_ALLOWANCE_BYTES = 64 * 2 ** 20;
let allowanceBytes = 0;
/** The measuring's files, run in this order in one namespace (see measure/phases.py). */
const MEASURE_FILES = ['safe', 'inspect', 'variables', 'cycles', 'graph_raw', '../graph', 'encode', 'phases'];
const HARNESS_FILES = { memtutor_harness: 'harness.py', memtutor_hints: 'hints.py', memtutor_lockdown: 'lockdown.py' };
const SITE_PACKAGES = '/lib/python3.14/site-packages';
/** Node's modules that open sockets or resolve names. */
const NETWORK_MODULES = ['net', 'dgram', 'dns', 'http', 'https', 'tls', 'http2'];



shimProcessBinding();
disableNetworkModules();
capWasmMemory(workerData.memoryBytes);
// --- reuse hook: the gate sees every wasm→JS call; finalizers can be held from the reset point on.
// The snapshot build runs the pipeline once with a gate that watches nothing.
const gate = createGate();
const finalizers = holdFinalizers();
reuseCompiledModule(workerData.wasmModule, workerData.mode === 'run' ? gate : null);
const { loadPyodide } = await import(workerData.pyodideUrl);

if (workerData.mode === 'build') await buildSnapshot();
else await serveRuns();

/**
 * The second network layer, for hosts without a network namespace: before Pyodide loads, every
 * function of Node's network modules throws, for require and import alike (syncBuiltinESMExports).
 */
function disableNetworkModules() {
  const require = createRequire(import.meta.url);
  for (const name of NETWORK_MODULES) {
    const module = require(`node:${name}`);
    for (const key of Object.keys(module)) {
      const descriptor = Object.getOwnPropertyDescriptor(module, key);
      if (descriptor?.configurable && (typeof descriptor.value === 'function' || descriptor.get)) {
        Object.defineProperty(module, key, { value: refuseNetwork(name, key), writable: false, configurable: false, enumerable: descriptor.enumerable });
      }
    }
  }
  syncBuiltinESMExports();
}

function refuseNetwork(module, name) {
  return function refused() {
    throw new Error(`memtutor sandbox: ${module}.${name} is disabled (no network)`);
  };
}

/** Emscripten's socket file system: every new socket fails with EACCES, as a refused syscall. */
function removeSockets(pyodide) {
  const module = pyodide._module;
  module.SOCKFS.createSocket = () => {
    throw new module.FS.ErrnoError(module.ERRNO_CODES.EACCES);
  };
}

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
  removeBuiltinModules(pyodide, Object.keys(readJson('./raw-memory-modules.json').modules));
  for (const [module, file] of Object.entries(HARNESS_FILES)) {
    pyodide.FS.writeFile(`${SITE_PACKAGES}/${module}.py`, fs.readFileSync(new URL(`./${file}`, import.meta.url), 'utf8'));
  }
  const harness = pyodide.pyimport('memtutor_harness');
  const compile = pyodide.pyimport('builtins').compile;
  harness.MEASURE_CODE = compile(readMeasureFiles(MEASURE_FILES), '<memtutor-measure>', 'exec');
  harness.TRACE_CODE = compile(readMeasureFiles(TRACE_FILES), TRACE_CODE_NAME, 'exec');
  warmUp(pyodide, harness);
  for (const module of Object.keys(HARNESS_FILES)) pyodide.FS.unlink(`${SITE_PACKAGES}/${module}.py`);
  harness.destroy();
  pyodide.runPython('import gc; gc.collect()');
  const snapshot = pyodide.makeMemorySnapshot();
  const version = pyodide.runPython('import sys; sys.version.split()[0]');
  parentPort.postMessage({ type: 'snapshot', version, bytes: snapshot }, [snapshot.buffer]);
}

/**
 * Runs the whole pipeline once, exactly as a run does, while the snapshot is built, so every run
 * restores an interpreter whose harness code paths are already warm. Untraced: a sys.monitoring tool
 * ever claimed leaves every code object to allocate its monitoring data when it next runs, which a
 * program measuring itself with tracemalloc would see as its own (each traced run's claim is undone
 * by the reset).
 */
function warmUp(pyodide, harness) {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL.size * 4));
  const userGlobals = harness.new_globals();
  runSnippet(pyodide, { ...runKit(pyodide, harness), traceCode: null }, harness.WARM_UP_SNIPPET, control, userGlobals);
  userGlobals.clear();
  userGlobals.destroy();
}

function readMeasureFiles(names) {
  return names.map((name) => fs.readFileSync(new URL(`./measure/${name}.py`, import.meta.url), 'utf8')).join('\n\n');
}

function readJson(relative) {
  return JSON.parse(fs.readFileSync(new URL(relative, import.meta.url), 'utf8'));
}

/**
 * Takes modules out of the interpreter's built-in module table, in wasm memory, before the snapshot
 * is taken: no Python-level route (import, importlib, _imp.create_builtin, finders) can create a
 * module that is not in the table, and nothing of this work exists as a Python object.
 * The table is an array of {const char *name; initfunc} pairs ending in {0, 0}; CPython keeps
 * copies (PyImport_Inittab and the runtime's own), so every copy of an entry is removed.
 */
function removeBuiltinModules(pyodide, names) {
  const module = pyodide._module;
  const words = new Uint32Array(module.HEAPU8.buffer);
  const table = words[module._PyImport_Inittab / 4] / 4;
  const denied = new Set(names);
  const entries = [];
  for (let i = table; words[i] !== 0; i += 2) {
    if (denied.has(cString(module.HEAPU8, words[i]))) entries.push([words[i], words[i + 1]]);
  }
  if (entries.length !== denied.size) throw new Error('memtutor sandbox: a denied module is missing from the built-in table');
  for (const [name, init] of entries) {
    for (let i = 0; i < words.length - 1; i++) {
      if (words[i] === name && words[i + 1] === init) removeEntry(words, i);
    }
  }
  // sys.builtin_module_names was read from the table at start-up; make it say what the table says now.
  pyodide.runPython(`import sys; sys.builtin_module_names = tuple(n for n in sys.builtin_module_names if n not in ${JSON.stringify(names)})`);
}

/** Shifts the entries after `at` down by one, terminator included. */
function removeEntry(words, at) {
  let i = at;
  do {
    words[i] = words[i + 2];
    words[i + 1] = words[i + 3];
    i += 2;
  } while (words[i - 2] !== 0);
}

function cString(bytes, address) {
  let end = address;
  while (bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(address, end));
}

async function serveRuns() {
  const control = new Int32Array(workerData.control);
  const output = new Uint8Array(workerData.output);
  // Read by each worker, not shared from the main thread: sharing would let a run alter what the next
  // one restores, and a copy held by the main thread costs 30 MB of resident memory.
  const pyodide = await loadPyodide(pyodideOptions({ _loadSnapshot: fs.readFileSync(workerData.snapshotPath) }));
  removeSockets(pyodide);
  pyodide.setInterruptBuffer(new Int32Array(workerData.interrupt));
  captureOutput(pyodide, control, output, workerData.outputBytes);
  const kit = lockDown(pyodide);
  // --- reuse hook: the reset point is the interpreter right after lockdown.
  const reuse = reusePoint(pyodide);
  parentPort.postMessage({ type: 'ready', python: kit.python });
  parentPort.on('message', (message) => {
    const refused = reuse.refusal();
    const result = refused ?? runSnippet(pyodide, kit, String(message.code), control, kit.harness.new_globals());
    const reusable = !refused && reuse.reusable(result);
    parentPort.postMessage({ type: 'done', result, reusable });
    if (reusable) parentPort.postMessage({ type: 'reset', problem: reuse.restore() });
  });
}

/**
 * The reset point and the rules for coming back to it. A run is only undone in place when the gate
 * saw nothing outside its allowlist and the program ended normally; anything else ends the worker.
 */
function reusePoint(pyodide) {
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
  const kit = runKit(pyodide, harness);
  harness.lock_down();
  harness.settle();
  return kit;
}

/**
 * What runSnippet works with. `bind` makes calls that take no arguments from JS (inside the gate,
 * passing arguments is itself a wasm→JS call). The hook switches are bound here, before any program
 * runs: binding runs Python code, and a program's monitoring callbacks would run with it.
 */
function runKit(pyodide, harness) {
  const bind = pyodide.pyimport('functools').partial;
  const refs = pickRefs(harness.capture_refs(), pyodide.pyimport('builtins').dict, [
    'settrace', 'setprofile', 'monitoring_free_tool_id', 'setrecursionlimit', 'RECURSION_LIMIT', 'GC_CALLBACKS',
  ]);
  const silencers = [bind(refs.settrace, undefined), bind(refs.setprofile, undefined)];
  const freeTool = Array.from({ length: 6 }, (_, tool) => bind(refs.monitoring_free_tool_id, tool));
  silencers.push(bind(refs.setrecursionlimit, refs.RECURSION_LIMIT), refs.GC_CALLBACKS.clear);
  return { harness, measureCode: harness.MEASURE_CODE, traceCode: harness.TRACE_CODE, python: harness.PYTHON_VERSION, bind, silencers, freeTool };
}

/**
 * stdout and stderr go straight into shared memory, so the main thread still has them after a kill.
 * Past the cap the rest is dropped, and the program runs on: output it prints beyond that costs
 * only the call that drops it. (measure.py flushes Python's buffers.)
 */
function captureOutput(pyodide, control, output, capBytes) {
  const writer = (stream) => ({
    isatty: false,
    write(bytes) {
      const used = control[CONTROL.stdoutBytes] + control[CONTROL.stderrBytes];
      const kept = Math.min(Math.max(0, capBytes - used), bytes.length);
      if (kept > 0) {
        const offset = stream === 'stdout' ? control[CONTROL.stdoutBytes] : capBytes + control[CONTROL.stderrBytes];
        output.set(bytes.subarray(0, kept), offset);
        Atomics.add(control, stream === 'stdout' ? CONTROL.stdoutBytes : CONTROL.stderrBytes, kept);
      }
      if (kept < bytes.length) Atomics.store(control, CONTROL.truncated, 1);
      return bytes.length;
    },
  });
  pyodide.setStdout(writer('stdout'));
  pyodide.setStderr(writer('stderr'));
}

/**
 * Runs one snippet and measures what it left. Ending the program includes switching off the hooks it
 * set and (later) releasing its traceback and the final collection: those may run its finalizers, so
 * they are timed as the program's own, and each is followed by switching the hooks off again. In
 * between, the measuring runs no user code: no object of the program crosses into JS (a PyProxy
 * would run Python code), and each part of the report is a sealed string before anything is dropped.
 */
function runSnippet(pyodide, kit, code, control, userGlobals) {
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
    'dict', 'list', 'exec', 'len', 'gc_collect', 'gc_get_debug', 'gc_set_debug', 'gc_get_stats', 'gc_get_count', 'gc_isenabled',
    'gc_disable', 'gc_enable', 'GC_GARBAGE', 'GC_CALLBACKS', 'traced_memory', 'get_traces', 'tracemalloc_stop', 'is_tracing',
    'settrace', 'setprofile', 'monitoring_get_tool', 'monitoring_free_tool_id', 'setrecursionlimit', 'RECURSION_LIMIT',
    'tracemalloc_memory', 'traceback_of', 'set_traceback', 'tb_frame', 'tb_next', 'frame_clear', 'monitoring_get_events',
  ]);
  if (!codeObject) return { phase: 'compile', error: reading.error, hints: reading.hints, runMs: 0 };
  clock.lap('prepare');
  const harnessTraces = !reading.facts.usesTracemalloc;
  // The step-through tracer claims its tool before the program starts (and before tracemalloc does).
  let tracer = kit.traceCode && wantsTrace(code, reading.facts)
    ? startTrace(kit.traceCode, refs, builtins, { SOURCE: code, CODE: codeObject, USER_GLOBALS: userGlobals })
    : null;
  const before = JSON.parse(kit.harness.begin(harnessTraces));
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
  Atomics.store(control, CONTROL.returned, 1);
  Atomics.store(control, CONTROL.measuring, 1);
  allowanceBytes = MEASURING_ALLOWANCE_BYTES;
  silenceHooks(kit, builtins, control, tracer ? TRACE_TOOL : null);
  // A PythonError here is a hook of the snippet raising after it returned: measure anyway. Anything
  // else is the interpreter itself giving up (os._exit, a JS stack overflow): nothing to measure.
  const gaveUp = failure && failure.constructor?.name !== 'PythonError';
  // A stopped or broken-off run keeps no trace: its last step stopped mid-line.
  if (tracer && (gaveUp || control[CONTROL.stop] !== STOP.none)) {
    tracer.release();
    tracer = null;
  }
  // A timed-out program that came back from its KeyboardInterrupt is measured as it was at that
  // moment; a cancelled one is not wanted any more.
  if (control[CONTROL.stop] === STOP.cancelled) return { phase: 'stopped', runMs, hints: reading.hints };
  if (gaveUp) return { phase: 'aborted', runMs, hints: reading.hints, error: abortedError(failure) };
  const raised = builtins.len(outcome) > 0;
  tracer?.stop(() => runSteps(control, [kit.freeTool[TRACE_TOOL]]));
  const after = readCountersNow(builtins, harnessTraces, tracer);
  const steps = tracer?.end();
  const classLines = reading.facts.classLines;
  const measure = (inputs) => JSON.parse(measurePhase(kit, refs, builtins, { SOURCE: code, CLASS_LINES: pyodide.toPy(classLines), ...inputs }));

  const result = { phase: 'measured', runMs, hints: reading.hints, facts: reading.facts, phasesMs: clock.laps, ...(steps ? { steps } : {}) };
  clock.lap('run');
  let error = null;
  // Plain data the graph's two halves share (measure/graph_raw.py): nothing of the program's.
  const graphState = builtins.dict();
  try {
    if (raised) {
      error = withLinuxMessage(measure({ PHASE: 'error', OUTCOME: outcome }), outcome.get('linux_message'));
      releaseTraceback(kit, builtins, control, outcome);
      silenceHooks(kit, builtins, control);
    }
    result.measured = {
      error,
      ...measure({
        PHASE: 'measure', USER_GLOBALS: userGlobals, CODE: codeObject, BEFORE_COUNT: pyodide.toPy(before.count),
        BEFORE_STATS: pyodide.toPy(before.stats), GRAPH_STATE: graphState, ...after,
      }),
    };
    clock.lap('measure');
    result.garbage = finalCollection(kit, builtins, result.measured, control, (inputs) => measure({ ...inputs, GRAPH_STATE: graphState }));
    clock.lap('collect');
  } catch (failed) {
    return { phase: 'measure-failed', runMs, hints: reading.hints, failure: describeFailure(failed), programErrorType: error?.type ?? null };
  } finally {
    graphState.clear();
    graphState.destroy();
  }
  return result;
}

/** An OSError told as CPython on Linux tells it (harness.run read it): `[Errno 2] …`, not Pyodide's `(44, …)`. */
function withLinuxMessage(error, linuxMessage) {
  if (typeof linuxMessage !== 'string' || !error.traceback.endsWith(`${error.type}: ${error.message}`)) return error;
  const head = error.traceback.slice(0, error.traceback.length - error.message.length);
  return { ...error, message: linuxMessage, traceback: head + linuxMessage };
}

/**
 * The traceback's frames hold extra references to the program's objects: cleared, straight from JS
 * so that no Python frame of ours is on the stack while the finalizers this runs do what they like.
 * The chain is walked first (no user code); only the clearing runs on the program's clock.
 */
function releaseTraceback(kit, builtins, control, outcome) {
  const error = outcome.get('error');
  const steps = [];
  let tb = builtins.traceback_of(error);
  while (tb !== undefined) {
    const frame = builtins.tb_frame(tb);
    steps.push(kit.bind(builtins.frame_clear, frame));
    frame.destroy();
    const next = builtins.tb_next(tb);
    tb.destroy();
    tb = next;
  }
  steps.push(kit.bind(builtins.set_traceback, error, undefined));
  error.destroy();
  runSteps(control, steps);
  asProgramTime(control, () => steps.forEach((step) => step.destroy()));
}

/** Calls each bound step (see runKit) on the program's clock, inside the gate. */
function runSteps(control, steps) {
  asProgramTime(control, () => {
    for (const step of steps) {
      try {
        step();
      } catch {
        // A frame still running (a generator's) cannot be cleared; its references stay counted.
      }
    }
  });
}

/** Runs `work` on the program's clock and inside the gate: it may run the program's finalizers. */
function asProgramTime(control, work) {
  Atomics.store(control, CONTROL.measuring, 0);
  gate.open = true; // reuse hook
  try {
    return work();
  } finally {
    gate.open = false;
    Atomics.store(control, CONTROL.measuring, 1);
  }
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
 * before the harness allocates anything, then both are switched off for the measuring. Tracing the
 * program started itself measured from its own start: not the report's figures.
 */
function readCountersNow(builtins, harnessTraces, tracer) {
  const counters = { COUNT_AFTER: builtins.gc_get_count(), STATS_AFTER: builtins.gc_get_stats(), GC_ENABLED: builtins.gc_isenabled() };
  const tracing = harnessTraces && builtins.is_tracing();
  const traced = tracing ? builtins.traced_memory() : undefined;
  counters.TRACED = traced && tracer ? tracer.memory(traced) : traced;
  // Millions of live blocks would make the list of traces bigger than the program: skip the top lines then.
  counters.TRACES = tracing && builtins.tracemalloc_memory() < MAX_TRACEMALLOC_BYTES ? builtins.get_traces() : undefined;
  builtins.tracemalloc_stop();
  builtins.gc_disable();
  return counters;
}

/**
 * Trace, profile and monitoring callbacks, gc callbacks and a tiny recursion limit that the snippet
 * installed would run user code (or fail) inside the measuring; switched off from here, in JS, with
 * calls that return nothing of the program's. Dropping them may run the program's finalizers, so
 * this is the program's time. `keptTool`: the step-through tracer's, right after the program, so
 * that it can still tell whether the program interfered; it then switches its events off, and a
 * later call, after tracemalloc was read, frees it.
 */
function silenceHooks(kit, builtins, control, keptTool = null) {
  const inUse = kit.freeTool.filter((_, tool) => tool !== keptTool && builtins.monitoring_get_tool(tool) !== undefined);
  runSteps(control, [...inUse, ...kit.silencers]);
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

/**
 * Runs the measure code in a fresh namespace whose builtins are the captured REFS; returns RESULT,
 * a str that becomes a JS string here. Only then is the namespace cleared: the functions it defined
 * and their globals form cycles, and the final collection must not count the harness's garbage.
 */
function measurePhase(kit, refs, builtins, inputs) {
  const namespace = builtins.dict();
  namespace.set('__builtins__', builtins.dict(refs));
  for (const [name, value] of Object.entries(inputs)) namespace.set(name, value);
  builtins.exec(kit.measureCode, namespace);
  const result = namespace.get('RESULT');
  namespace.clear();
  return result;
}

/**
 * The final gc.collect(), called straight from JS so no Python frame of ours is on the stack while
 * user finalizers run (on the program's clock). Saved once (DEBUG_SAVEALL) to describe the garbage
 * cycles; the worker is terminated right after this run, so nothing frees them again.
 */
function finalCollection(kit, builtins, measured, control, measure) {
  const garbage = builtins.GC_GARBAGE;
  const already = builtins.len(garbage);
  const uncollectableBefore = uncollectableSoFar(builtins);
  const debug = builtins.gc_get_debug();
  builtins.gc_set_debug(32); // gc.DEBUG_SAVEALL
  // Everything older was collected while warming up: unless the program's objects were promoted by a
  // young collection during the run, a young collection finds all they left behind, and fast.
  const promoted = measured.gc.collections.some((n) => n > 0);
  // reuse hook: bound before the gate opens, so only the collection and the finalizers it runs are inside it.
  const collection = kit.bind(builtins.gc_collect, promoted ? 2 : 0);
  const collected = asProgramTime(control, collection);
  builtins.gc_set_debug(debug);
  silenceHooks(kit, builtins, control);
  // No second collection to free what was saved: the reset (or the worker's end) drops it all.
  const described = measure({ PHASE: 'garbage', ALREADY: already, GARBAGE_LIST: garbage });
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
