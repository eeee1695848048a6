"""memtutor's measuring harness, first half: everything before and around the user's code.

It runs inside Pyodide in a fresh interpreter for every snippet; it is imported while the memory
snapshot is built (with measure.py compiled into MEASURE_CODE), so every run starts with it loaded.
The worker (worker.mjs) calls, in order:

  lock_down()                 hide js/pyodide_js, reserve audit hooks and code-object creation
  prepare(source)             compile, static hints (ast), capture REFS, all before user code
  begin()                     gc/tracemalloc baseline (JSON), then starts tracing
  run(code, user_globals, out) runs the snippet; what it raised goes into out["error"]
  ...then MEASURE_CODE, executed by the worker through the captured builtin `exec` in a fresh
  namespace whose builtins are REFS, so nothing the snippet rebinds can change the report.
"""

import ast
import builtins
import gc
import json
import sys
import types
import _json
import _tracemalloc

SNIPPET = "<snippet>"
TRACE_FRAMES = 8
MEASURE_CODE = None  # set by the snapshot builder: compile(measure.py)

# JS modules; the modules that reach raw memory are not even in the interpreter (raw-memory-modules.json).
JS_MODULES = ("js", "pyodide_js")

LESSON_GENERATORS = 6
LESSON_ISSUES = 7
LESSON_PRACTICES = 8
CONSUMING_CALLS = frozenset({"sum", "min", "max", "any", "all", "sorted", "set", "frozenset", "tuple"})
SHRINKING_METHODS = frozenset({"pop", "popitem", "clear"})


def _reserve(event, args):
    """The audit hook. It reads nothing but its arguments and constants, so rebinding its globals
    cannot change what it refuses, and replacing its code is one of the things it refuses.
    Refused: more audit hooks (they would run inside the measuring), replacing a function's code,
    and making code objects from anything but source (crafted bytecode reads raw memory)."""
    if (event == "sys.addaudithook" or event == "code.__new__" or event == "marshal.loads" or event == "marshal.load"
            or (event == "object.__setattr__" and args[1] == "__code__")):
        raise RuntimeError(f"{event} is not available in the memtutor sandbox")


PYTHON_VERSION = sys.version.split()[0]


def lock_down():
    """Called by the worker right after the interpreter is restored, before anything else."""
    from pyodide.ffi import JsProxy

    # js and pyodide_js are unregistered by the worker; their submodules (pyodide_js._api is Pyodide's
    # whole internal API) and any other module that is really a JS object must go too.
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in JS_MODULES or isinstance(module, JsProxy):
            sys.modules[name] = None
    sys.dont_write_bytecode = True
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
    sys.modules.pop("memtutor_harness", None)
    sys.addaudithook(_reserve)


class _Plain:
    pass


# What sys.getsizeof adds to __sizeof__: the gc links, and the managed dict/weakref pointers.
GC_HEAD = sys.getsizeof([]) - [].__sizeof__()
PREHEADER_BYTES = sys.getsizeof(_Plain()) - object.__sizeof__(_Plain()) - GC_HEAD


def capture_refs():
    """(name, object) pairs for measure.py's builtins, captured while the interpreter is pristine.
    Builtin functions and types are immutable, and so is the tuple holding them."""
    mon = sys.monitoring
    named = {
        "getsizeof": sys.getsizeof, "getrefcount": sys.getrefcount, "is_immortal": sys._is_immortal,
        "setrecursionlimit": sys.setrecursionlimit, "RECURSION_LIMIT": sys.getrecursionlimit(),
        "settrace": sys.settrace, "setprofile": sys.setprofile,
        "monitoring_get_tool": mon.get_tool, "monitoring_free_tool_id": mon.free_tool_id,
        "STDOUT": sys.stdout, "STDERR": sys.stderr,
        "gc_get_count": gc.get_count, "gc_get_stats": gc.get_stats, "gc_collect": gc.collect,
        "gc_isenabled": gc.isenabled, "gc_disable": gc.disable, "gc_enable": gc.enable,
        "gc_get_debug": gc.get_debug, "gc_set_debug": gc.set_debug,
        "gc_get_objects": gc.get_objects, "gc_is_tracked": gc.is_tracked, "GC_GARBAGE": gc.garbage, "GC_CALLBACKS": gc.callbacks,
        "traced_memory": _tracemalloc.get_traced_memory, "get_traces": _tracemalloc._get_traces,
        "tracemalloc_stop": _tracemalloc.stop, "is_tracing": _tracemalloc.is_tracing,
        "tracemalloc_memory": _tracemalloc.get_tracemalloc_memory,
        "encode_string": _json.encode_basestring_ascii,
        "ModuleType": types.ModuleType, "FunctionType": types.FunctionType,
        "BuiltinFunctionType": types.BuiltinFunctionType, "MethodType": types.MethodType,
        "GetSetDescriptorType": types.GetSetDescriptorType, "MemberDescriptorType": types.MemberDescriptorType,
        "NoneType": type(None), "GC_HEAD": GC_HEAD, "PREHEADER_BYTES": PREHEADER_BYTES,
    }
    for name in ("len", "id", "range", "enumerate", "sorted", "min", "max", "sum", "zip", "iter", "next", "abs",
                 "type", "object", "str", "int", "float", "complex", "bool", "bytes", "bytearray", "list", "tuple",
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
    hints, facts = StaticReader(source, tree).read()
    return code, json.dumps({"error": None, "hints": hints, "facts": facts}), refs, dict


def _syntax_error(error, source):
    line = getattr(error, "lineno", None)
    message = getattr(error, "msg", None) or str(error)
    text = _source_line(source, line)
    trace = f'  File "{SNIPPET}", line {line}\n    {text}\n' if line and text else ""
    return {"type": type(error).__name__, "message": message, "line": line,
            "traceback": f"{trace}{type(error).__name__}: {message}"}


def _source_line(source, line):
    lines = source.splitlines()
    return lines[line - 1].strip() if line and 0 < line <= len(lines) else ""


def settle():
    """Clears start-up leftovers while the worker warms up, so the final collection counts only
    the program's garbage. (The snapshot was taken after a full collection, so a young one suffices.)"""
    gc.enable()
    gc.collect(0)


def begin():
    before = {"count": list(gc.get_count()), "stats": [s["collections"] for s in gc.get_stats()]}
    _tracemalloc.start(TRACE_FRAMES)
    return json.dumps(before)


def run(code, user_globals, outcome, _exec=exec, _catch=BaseException, _settrace=sys.settrace,
        _setprofile=sys.setprofile):
    """The snippet's only caller. What it raised (KeyboardInterrupt included) goes into outcome["error"];
    nothing is returned, so Pyodide converts nothing (conversion runs Python code a hook could break).
    Builtins are bound when this is defined: the snippet may rebind them. Trace and profile hooks the
    snippet set are dropped before this frame goes on; the worker silences the rest from JS."""
    try:
        _exec(code, user_globals)
    except _catch as error:  # the report shows whatever the program raised
        outcome["error"] = error
    finally:
        _settrace(None)
        _setprofile(None)


def new_globals():
    return {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}


# ---------------------------------------------------------------- static hints (ast)

def _hint(hint_id, line, message, lesson):
    return {"id": hint_id, "line": line, "message": message, "lesson": lesson}


def _name_of(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


class StaticReader:
    """Finds the guide's common mistakes in the source. Each finder stays quiet unless sure."""

    def __init__(self, source, tree):
        self.source = source
        self.tree = tree
        self.nodes = list(ast.walk(tree))
        self.parents = {}
        for node in self.nodes:
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        self.loads = {}
        for node in self.nodes:
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                self.loads.setdefault(node.id, []).append(node)

    def read(self):
        hints = []
        for finder in (self.comprehensions_used_once, self.slice_copies, self.open_without_with, self.growing_caches):
            hints.extend(finder())
        facts = {
            "usesWeakref": "weakref" in self.source,
            "classLines": {n.name: n.lineno for n in self.nodes if isinstance(n, ast.ClassDef)},
            "attributeAssignments": self.attribute_assignments(),
        }
        return hints, facts

    def comprehensions_used_once(self):
        for node in self.nodes:
            if not isinstance(node, ast.ListComp):
                continue
            parent = self.parents.get(node)
            if self.is_consumed(node, parent):
                yield self.generator_hint(node.lineno, "this list is built only to be consumed once")
            elif isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
                name = parent.targets[0].id
                uses = self.loads.get(name, [])
                if len(uses) == 1 and self.assigned_once(name) and self.is_iterated(uses[0]):
                    yield self.generator_hint(node.lineno, f"`{name}` is built as a full list but only iterated once")

    def generator_hint(self, line, what):
        return _hint("list-comprehension-once", line,
                     f"{what}: a generator expression `(... for ...)` yields items one at a time instead of "
                     "holding them all in memory.", LESSON_GENERATORS)

    def is_consumed(self, node, parent):
        if not isinstance(parent, ast.Call) or parent.args != [node] or parent.keywords:
            return False
        name = _name_of(parent.func)
        return name in CONSUMING_CALLS or (name == "join" and isinstance(parent.func, ast.Attribute))

    def is_iterated(self, use):
        parent = self.parents.get(use)
        if isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is use:
            return True
        return self.is_consumed(use, parent)

    def assigned_once(self, name):
        stores = [n for n in self.nodes if isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)]
        return len(stores) == 1

    def slice_copies(self):
        for node in self.nodes:
            if (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and isinstance(node.slice, ast.Slice)
                    and node.slice.lower is None and node.slice.upper is None and node.slice.step is None):
                what = ast.unparse(node.value).replace("`", "\u02bc").replace("\n", " ")[:60]
                yield _hint("slice-copy", node.lineno,
                            f"`{what}[:]` copies every element reference into a new list. If you only read it, use "
                            f"`{what}` itself; if you need a copy, `{what}.copy()` says so.", LESSON_PRACTICES)

    def open_without_with(self):
        closed = {n.func.value.id for n in self.nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                  and n.func.attr == "close" and isinstance(n.func.value, ast.Name)}
        for node in self.nodes:
            if not (isinstance(node, ast.Call) and _name_of(node.func) == "open" and self.is_open_call(node.func)):
                continue
            parent = self.parents.get(node)
            if isinstance(parent, ast.withitem):
                continue
            if isinstance(parent, ast.Assign) and all(isinstance(t, ast.Name) and t.id in closed for t in parent.targets):
                continue
            yield _hint("open-without-with", node.lineno,
                        "`open()` outside `with`: the file stays open until the object happens to be freed. "
                        "`with open(...) as f:` closes it as soon as the block ends.", LESSON_ISSUES)

    @staticmethod
    def is_open_call(func):
        return isinstance(func, ast.Name) or (isinstance(func, ast.Attribute) and _name_of(func.value) in ("io", "codecs"))

    def growing_caches(self):
        module_dicts = {}
        for statement in self.tree.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
                value = statement.value
                if isinstance(value, ast.Dict) and not value.keys or (
                        isinstance(value, ast.Call) and _name_of(value.func) in ("dict", "OrderedDict", "defaultdict")):
                    module_dicts[statement.targets[0].id] = statement.lineno
        functions = [n for n in self.nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for name, line in module_dicts.items():
            if self.grows_in(functions, name) and not self.shrinks(name):
                yield _hint("growing-cache", line,
                            f"`{name}` is a module-level cache that only grows: entries are added but never removed, "
                            "so everything it holds lives as long as the program. Bound it (clear or evict) or use "
                            "`weakref.WeakValueDictionary`/`functools.lru_cache(maxsize=...)`.", LESSON_ISSUES)

    def grows_in(self, functions, name):
        for function in functions:
            for node in ast.walk(function):
                if (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)
                        and isinstance(node.value, ast.Name) and node.value.id == name):
                    return True
                if self.is_method_call(node, name, ("setdefault", "update")):
                    return True
        return False

    def shrinks(self, name):
        for node in self.nodes:
            if isinstance(node, ast.Delete) and any(
                    isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == name for t in node.targets):
                return True
            if self.is_method_call(node, name, SHRINKING_METHODS):
                return True
        return False

    @staticmethod
    def is_method_call(node, name, methods):
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in methods
                and isinstance(node.func.value, ast.Name) and node.func.value.id == name)

    def attribute_assignments(self):
        """attribute name -> line of its last assignment of a non-None value (for cycle hints)."""
        lines = {}
        for node in self.nodes:
            if isinstance(node, ast.Assign) and not (isinstance(node.value, ast.Constant) and node.value.value is None):
                for target in node.targets:
                    if isinstance(target, ast.Attribute):
                        lines[target.attr] = max(lines.get(target.attr, 0), node.lineno)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("append", "add"):
                attr = node.func.value
                if isinstance(attr, ast.Attribute):
                    lines[attr.attr] = max(lines.get(attr.attr, 0), node.lineno)
        return lines




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


def warm_up(measure_code):
    """Runs the whole pipeline once while the snapshot is built, the way the worker drives it, so
    every run restores an interpreter whose harness code paths are already warm."""
    code, reading, refs, _ = prepare(WARM_UP_SNIPPET)
    before = begin()
    user_globals = new_globals()
    outcome = {}
    run(code, user_globals, outcome)
    raised = outcome.get("error")
    counters = {"COUNT_AFTER": gc.get_count(), "STATS_AFTER": gc.get_stats(), "GC_ENABLED": gc.isenabled(),
                "TRACED": _tracemalloc.get_traced_memory(), "TRACES": _tracemalloc._get_traces()}
    _tracemalloc.stop()
    before = json.loads(before)
    namespace = {"__builtins__": dict(refs), "PHASE": "measure", "USER_GLOBALS": user_globals, "ERROR": raised,
                 "SOURCE": WARM_UP_SNIPPET, "BEFORE_COUNT": before["count"], "BEFORE_STATS": before["stats"],
                 "CLASS_LINES": json.loads(reading)["facts"]["classLines"], "MAX_VARIABLES": 100, **counters}
    exec(measure_code, namespace)
    namespace.clear()
    already = len(gc.garbage)
    gc.set_debug(gc.DEBUG_SAVEALL)
    gc.collect(0)
    gc.set_debug(0)
    namespace = {"__builtins__": dict(refs), "PHASE": "garbage", "SOURCE": WARM_UP_SNIPPET, "ALREADY": already,
                 "GARBAGE_LIST": gc.garbage}
    exec(measure_code, namespace)
    namespace.clear()
    user_globals.clear()
    gc.enable()
    gc.collect()
