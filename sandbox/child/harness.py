"""memtutor's measuring harness, first half: everything before and around the user's code.

It runs inside Pyodide in a fresh interpreter for every snippet; it is imported while the memory
snapshot is built (with measure.py compiled into MEASURE_CODE), so every run starts with it loaded.
The worker (worker.mjs) calls, in order:

  lock_down()                 hide js/pyodide_js, reserve audit hooks and code-object creation
  prepare(source)             compile, static hints (ast), capture REFS, all before user code
  begin(trace)                gc baseline (JSON), then starts tracing unless the program uses tracemalloc
  run(code, user_globals, out) runs the snippet; what it raised goes into out["error"]
  ...then MEASURE_CODE, executed by the worker through the captured builtin `exec` in a fresh
  namespace whose builtins are REFS, so nothing the snippet rebinds can change the report.
"""

import ast
import builtins
import collections
import gc
import json
import sys
import time
import types
import _json
import _tracemalloc

from memtutor_hints import linux_os_error_message, read_hints, shorten
from memtutor_lockdown import lock_down  # noqa: F401  (the worker calls it through this module)

SNIPPET = "<snippet>"
TRACE_FRAMES = 8
MESSAGE_CHARS = 500
TRACEBACK_CHARS = 4096
CODE_CHARS = 120
MEASURE_CODE = None  # set by the snapshot builder: compile(measure/*.py)
TRACE_CODE = None  # set by the snapshot builder: the step-through tracer (measure/trace.py and its primitives)

PYTHON_VERSION = sys.version.split()[0]


class _Plain:
    pass


# What sys.getsizeof adds to __sizeof__: the gc links, and the managed dict/weakref pointers.
GC_HEAD = sys.getsizeof([]) - [].__sizeof__()
PREHEADER_BYTES = sys.getsizeof(_Plain()) - object.__sizeof__(_Plain()) - GC_HEAD


def _frame_locals_type():
    """The type of a function frame's f_locals (3.13+): a C proxy over the frame's fast locals."""
    return type(sys._getframe().f_locals)


def capture_refs():
    """(name, object) pairs for measure.py's builtins, captured while the interpreter is pristine.
    Builtin functions and types are immutable, and so is the tuple holding them."""
    mon = sys.monitoring
    named = {
        "getsizeof": sys.getsizeof, "getrefcount": sys.getrefcount, "is_immortal": sys._is_immortal,
        "setrecursionlimit": sys.setrecursionlimit, "RECURSION_LIMIT": sys.getrecursionlimit(),
        "settrace": sys.settrace, "setprofile": sys.setprofile,
        "monitoring_get_tool": mon.get_tool, "monitoring_free_tool_id": mon.free_tool_id,
        # The step-through tracer's (measure/trace.py).
        "monitoring_use_tool_id": mon.use_tool_id, "monitoring_register_callback": mon.register_callback,
        "monitoring_set_local_events": mon.set_local_events, "monitoring_get_local_events": mon.get_local_events,
        "monitoring_get_events": mon.get_events, "getframe": sys._getframe, "FrameLocalsProxy": _frame_locals_type(),
        "MONITORING_EVENTS": (mon.events.LINE, mon.events.PY_RETURN, mon.events.PY_YIELD),
        "tracemalloc_reset_peak": _tracemalloc.reset_peak, "perf_counter": time.perf_counter,
        # The C encoder without a fallback: plain data only (anything else is a TypeError, never a call).
        "encode_json": _json.make_encoder(None, None, _json.encode_basestring_ascii, None, ":", ",", False, False, False),
        "STDOUT": sys.stdout, "STDERR": sys.stderr,
        "gc_get_count": gc.get_count, "gc_get_stats": gc.get_stats, "gc_collect": gc.collect,
        "gc_isenabled": gc.isenabled, "gc_disable": gc.disable, "gc_enable": gc.enable,
        "gc_get_debug": gc.get_debug, "gc_set_debug": gc.set_debug,
        "gc_get_objects": gc.get_objects, "gc_get_referents": gc.get_referents,
        "function_code": types.FunctionType.__dict__["__code__"].__get__,
        "function_defaults": types.FunctionType.__dict__["__defaults__"].__get__, "CodeType": types.CodeType, "gc_is_tracked": gc.is_tracked, "GC_GARBAGE": gc.garbage, "GC_CALLBACKS": gc.callbacks,
        "traced_memory": _tracemalloc.get_traced_memory, "get_traces": _tracemalloc._get_traces,
        "tracemalloc_stop": _tracemalloc.stop, "is_tracing": _tracemalloc.is_tracing,
        "tracemalloc_memory": _tracemalloc.get_tracemalloc_memory,
        "encode_string": _json.encode_basestring_ascii,
        "ModuleType": types.ModuleType, "FunctionType": types.FunctionType,
        "BuiltinFunctionType": types.BuiltinFunctionType, "MethodType": types.MethodType,
        "GetSetDescriptorType": types.GetSetDescriptorType, "MemberDescriptorType": types.MemberDescriptorType,
        "deque": collections.deque, "NoneType": type(None), "GC_HEAD": GC_HEAD, "PREHEADER_BYTES": PREHEADER_BYTES,
        "traceback_of": BaseException.__dict__["__traceback__"].__get__,
        "set_traceback": BaseException.__dict__["__traceback__"].__set__,
        "tb_frame": types.TracebackType.__dict__["tb_frame"].__get__,
        "tb_next": types.TracebackType.__dict__["tb_next"].__get__, "frame_clear": types.FrameType.clear,
    }
    for name in ("len", "id", "range", "enumerate", "sorted", "min", "max", "sum", "zip", "iter", "next", "abs",
                 "type", "object", "all", "any", "str", "int", "float", "complex", "bool", "bytes", "bytearray", "list", "tuple",
                 "dict", "set", "frozenset", "issubclass", "exec", "__build_class__", "BaseException", "Exception",
                 "MemoryError", "KeyboardInterrupt", "RecursionError", "StopIteration", "AttributeError",
                 "TypeError", "ValueError", "KeyError", "IndexError", "True", "False", "None"):
        if name not in ("True", "False", "None"):
            named[name] = getattr(builtins, name)
    return tuple(named.items())


def prepare(source):
    """Compiles the snippet and reads it for hints. Returns (code or None, JSON, REFS, dict)."""
    refs = capture_refs()
    try:
        code = compile(source, SNIPPET, "exec", dont_inherit=True)
        tree = ast.parse(source, SNIPPET)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return None, json.dumps({"error": _syntax_error(error, source), "hints": [], "facts": {}}), refs, dict
    hints, facts = read_hints(source, tree)
    return code, json.dumps({"error": None, "hints": hints, "facts": facts}), refs, dict


def _syntax_error(error, source):
    """The compiler's complaint (its own exception types: no user code), capped like the report's errors."""
    lineno = getattr(error, "lineno", None)
    line = lineno if type(lineno) is int and lineno >= 1 else None
    message = shorten(getattr(error, "msg", None) or str(error), MESSAGE_CHARS)
    text = _source_line(source, line)
    trace = f'  File "{SNIPPET}", line {line}\n    {text}\n' if line and text else ""
    return {"type": type(error).__name__, "message": message, "line": line,
            "traceback": shorten(f"{trace}{type(error).__name__}: {message}", TRACEBACK_CHARS)}


def _source_line(source, line):
    lines = source.splitlines()
    return shorten(lines[line - 1].strip(), CODE_CHARS) if line and line <= len(lines) else ""


def settle():
    """Clears start-up leftovers while the worker warms up, so the final collection counts only
    the program's garbage. (The snapshot was taken after a full collection, so a young one suffices.)"""
    gc.enable()
    gc.collect(0)


def begin(trace):
    """The gc baseline; tracemalloc is started only for a program that never names it (F12): a
    program that uses tracemalloc must find it stopped and measuring only itself, as on CPython."""
    before = {"count": list(gc.get_count()), "stats": [s["collections"] for s in gc.get_stats()]}
    if trace:
        _tracemalloc.start(TRACE_FRAMES)
    return json.dumps(before)


def run(code, user_globals, outcome, _exec=exec, _catch=BaseException, _settrace=sys.settrace,
        _setprofile=sys.setprofile, _os_error=linux_os_error_message):
    """The snippet's only caller. What it raised (KeyboardInterrupt included) goes into outcome["error"];
    nothing is returned, so Pyodide converts nothing (conversion runs Python code a hook could break).
    Builtins are bound when this is defined: the snippet may rebind them. Trace and profile hooks the
    snippet set are dropped before this frame goes on; the worker silences the rest from JS."""
    try:
        _exec(code, user_globals)
    except _catch as error:  # the report shows whatever the program raised
        outcome["error"] = error
        outcome["linux_message"] = _os_error(error)  # slots only, read before anything else runs
    finally:
        _settrace(None)
        _setprofile(None)


def new_globals():
    return {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}


WARM_UP_SNIPPET = """
class Node:
    def __init__(self, value):
        self.value = value
        self.next = None

a = Node(1)
b = Node(2)
a.next = b
b.next = a
data = [1, 2, 3]
copy = data[:]
total = sum([x * x for x in data])
"""
