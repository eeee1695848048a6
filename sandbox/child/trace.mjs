// The step-through trace's side of the worker (measure/trace.py does the recording): which programs
// are traced, starting the tracer before the program runs and taking its trace afterwards.
// Plain JavaScript on purpose: it runs under Node's permission model without any loader.

/** The sys.monitoring tool the tracer claims (tool 5, the optimizer's, is free in Pyodide). */
export const TRACE_TOOL = 5;
/** The tracer's files, run in this order in one namespace: the measuring's primitives, then the tracer. */
export const TRACE_FILES = ['safe', 'inspect', 'variables', 'graph_raw', '../graph', 'encode', 'trace'];
/** The tracer's code name: measure/variables.py leaves its bytes out of the top lines. */
export const TRACE_CODE_NAME = '<memtutor-trace>';

/**
 * Programs that watch themselves run untraced, exactly as on CPython: one that names tracemalloc
 * (the tracer's bytes would be in its figures) or a tracing hook (it may want tool 5, or time itself).
 */
export function wantsTrace(code, facts) {
  return !facts.usesTracemalloc && !/\b(monitoring|settrace|setprofile)\b/.test(code);
}

/**
 * Runs the tracer's code in a fresh namespace whose builtins are the captured REFS; it claims the
 * tool and sets its events on the program's code. Returns null (untraced run) when that fails.
 * `inputs`: SOURCE, CODE, USER_GLOBALS.
 */
export function startTrace(traceCode, refs, builtins, inputs) {
  const namespace = builtins.dict();
  namespace.set('__builtins__', builtins.dict(refs));
  for (const [name, value] of Object.entries(inputs)) namespace.set(name, value);
  try {
    builtins.exec(traceCode, namespace);
  } catch {
    namespace.clear();
    namespace.destroy();
    return null;
  }
  return tracerHandle(namespace, builtins);
}

function tracerHandle(namespace, builtins) {
  const call = (name, ...args) => {
    const fn = namespace.get(name);
    try {
      return fn(...args);
    } finally {
      fn.destroy();
    }
  };
  return {
    /**
     * Right after the program (its other hooks already dropped): global events on the tool are the
     * program's doing, and would call its callback on every line of the tracer: the tool is freed
     * first (`freeTool`, on the program's clock), and the trace then finds it lost.
     */
    stop(freeTool) {
      if (builtins.monitoring_get_events(TRACE_TOOL) !== 0) freeTool();
      call('trace_stop');
    },
    /** tracemalloc's (current, peak) without the tracer's own bytes. */
    memory: (traced) => call('trace_memory', traced),
    /** The trace (checked by the host against stepTraceSchema), and the namespace let go. */
    end() {
      const trace = namespace.get('TRACE');
      const json = trace.get('json');
      trace.destroy();
      this.release();
      return typeof json === 'string' ? JSON.parse(json) : undefined;
    },
    /** Clears the namespace: its functions and globals form cycles the final collection must not count. */
    release() {
      namespace.clear();
      namespace.destroy();
    },
  };
}
