"""Static hints: the guide's common memory mistakes, found in the snippet's source (ast) before it runs.

Plain Python with no sandbox dependency (unit-tested on CPython). A hint carries an id, a line and a
message; which lesson explains it is the bot's business, not the sandbox's.
"""

import ast
import errno
import sys

HINT_CHARS = 300
NAME_CHARS = 64
FACT_NAMES = 200
MAX_HINTS = 10
CONSUMING_CALLS = frozenset({"sum", "min", "max", "any", "all", "sorted", "set", "frozenset", "tuple"})
SHRINKING_METHODS = frozenset({"pop", "popitem", "clear"})
NETWORK_MODULES = frozenset({"socket", "ssl", "urllib.request", "http.client", "ftplib", "smtplib", "poplib", "imaplib"})
PROCESS_MODULES = frozenset({"threading", "_thread", "subprocess", "multiprocessing", "concurrent.futures"})
# Linux's errno numbers by name: Pyodide (Emscripten) numbers them differently (ENOENT is 44 there).
LINUX_ERRNO = {"EPERM": 1, "ENOENT": 2, "EBADF": 9, "EAGAIN": 11, "ENOMEM": 12, "EACCES": 13, "EEXIST": 17,
               "ENOTDIR": 20, "EISDIR": 21, "EINVAL": 22, "EMFILE": 24, "ENOSPC": 28, "EROFS": 30,
               "ENAMETOOLONG": 36, "ENOSYS": 38, "ENOTEMPTY": 39, "ELOOP": 40, "EOPNOTSUPP": 95,
               "ENETUNREACH": 101, "ECONNREFUSED": 111, "EHOSTUNREACH": 113}


def read_hints(source, tree):
    """(hints, facts) for a parsed snippet."""
    return StaticReader(source, tree).read()


def capped_names(lines_by_name):
    """Facts keyed by names from the source: short names only, and not too many (the report caps them too)."""
    kept = {name: line for name, line in lines_by_name.items() if len(name) <= NAME_CHARS}
    return dict(list(kept.items())[:FACT_NAMES])


def _hint(hint_id, line, message):
    return {"id": hint_id, "line": line, "message": shorten(message, HINT_CHARS)}


def shorten(text, limit):
    """At most `limit` characters, the last one an ellipsis when anything was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def code_text(text, limit=NAME_CHARS):
    """Source text shown inside inline code: no backticks, one line, capped."""
    return shorten(text.replace("`", "\u02bc").replace("\n", " "), limit)


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
        for finder in (self.comprehensions_used_once, self.slice_copies, self.open_without_with, self.growing_caches,
                       self.sandbox_limits):
            hints.extend(finder())
        if self.uses_tracemalloc():
            hints.insert(0, _hint("own-tracemalloc", None, "Your program uses tracemalloc itself, so the sandbox leaves "
                                  "tracemalloc to it (stopped at the start, as in plain Python) and the report shows no "
                                  "tracemalloc figures of its own."))
        hints = hints[:MAX_HINTS]
        facts = {
            "usesTracemalloc": self.uses_tracemalloc(),
            "usesWeakref": "weakref" in self.source,
            "classLines": capped_names({n.name: n.lineno for n in self.nodes if isinstance(n, ast.ClassDef)}),
            "attributeAssignments": capped_names(self.attribute_assignments()),
            "functionsWithLocals": capped_names(self.functions_with_locals()),
        }
        return hints, facts

    def uses_tracemalloc(self):
        # Any mention (import, importlib, a string) counts: the harness must not trace such a program.
        return "tracemalloc" in self.source

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
                    yield self.generator_hint(node.lineno, f"`{code_text(name)}` is built as a full list but only iterated once")

    def generator_hint(self, line, what):
        return _hint("list-comprehension-once", line,
                     f"{what}: a generator expression `(... for ...)` yields items one at a time instead of "
                     "holding them all in memory.")

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
                what = code_text(ast.unparse(node.value))
                yield _hint("slice-copy", node.lineno,
                            f"`{what}[:]` copies every element reference into a new list. If you only read it, use "
                            f"`{what}` itself; if you need a copy, `{what}.copy()` says so.")

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
                        "`with open(...) as f:` closes it as soon as the block ends.")

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
                            f"`{code_text(name)}` is a module-level cache that only grows: entries are added but never removed, "
                            "so everything it holds lives as long as the program. Bound it (clear or evict) or use "
                            "`weakref.WeakValueDictionary`/`functools.lru_cache(maxsize=...)`.")

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

    def functions_with_locals(self):
        """module-level function name -> line, for functions that bind local names (their data is
        gone when they return, so the report cannot show it)."""
        return {f.name: f.lineno for f in self.tree.body
                if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                and any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) for n in ast.walk(f))}

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

    def sandbox_limits(self):
        """What the sandbox cannot do (keyboard, files, packages, network, threads), said before it fails."""
        for node in self.nodes:
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "input":
                yield _hint("sandbox-no-stdin", node.lineno,
                            "`input()` has nothing to read: the sandbox has no keyboard (stdin), so it fails. "
                            "Put the value in the code instead.")
            elif isinstance(node, ast.Call) and _name_of(node.func) == "open" and self.is_open_call(node.func) \
                    and self.opens_for_reading(node) and not self.writes_files():
                yield _hint("sandbox-empty-files", node.lineno,
                            "the sandbox starts with an empty file system: a file exists only if your program "
                            "wrote it first.")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                yield from self.import_limits(node)

    def import_limits(self, node):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        if isinstance(node, ast.ImportFrom):
            names += [f"{node.module}.{alias.name}" for alias in node.names]
            if node.level:
                return
        for name in names:
            top = name.partition(".")[0]
            if top and top not in sys.stdlib_module_names:
                yield _hint("sandbox-not-stdlib", node.lineno,
                            f"`{code_text(top)}` is not part of Python's standard library: only the standard "
                            "library is available in the sandbox.")
                return
            if name in NETWORK_MODULES:
                yield _hint("sandbox-no-network", node.lineno,
                            f"`{code_text(name)}` talks to the network, and the sandbox has no network.")
                return
            if name in PROCESS_MODULES:
                yield _hint("sandbox-no-threads", node.lineno,
                            f"`{code_text(name)}`: the sandbox runs one thread in one process; starting threads "
                            "or processes fails there.")
                return

    @staticmethod
    def opens_for_reading(call):
        mode = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "mode"), None)
        return mode is None or (isinstance(mode, ast.Constant) and isinstance(mode.value, str)
                                and not set(mode.value) & set("wax"))

    def writes_files(self):
        return any(isinstance(node, ast.Call) and _name_of(node.func) == "open" and not self.opens_for_reading(node)
                   for node in self.nodes)


def linux_os_error_message(error, _oserror=OSError):
    """An OSError's message as CPython on Linux prints it, or None. Pyodide numbers errno the
    Emscripten way (ENOENT is 44); the number is renamed by its symbol. Reads slots only: no user code."""
    if not issubclass(type(error), _oserror):  # type() and the MRO: a forged __class__ is not asked
        return None
    number = _oserror.__dict__["errno"].__get__(error, _oserror)
    text = _oserror.__dict__["strerror"].__get__(error, _oserror)
    filename = _oserror.__dict__["filename"].__get__(error, _oserror)
    if type(number) is not int or type(text) is not str:
        return None
    linux = LINUX_ERRNO.get(errno.errorcode.get(number, ""), number)
    message = f"[Errno {linux}] {shorten(text, 200)}"
    return message + (": " + str.__repr__(shorten(filename, 200)) if type(filename) is str else "")
