"""The measuring's ground rules, as primitives (first of the measure/*.py files, run in one namespace).

The measuring runs after the program ended, in a namespace whose builtins were captured from the
pristine interpreter (harness.capture_refs), and it never runs user code: types are compared with
`is` only (`in` and `==` would call a metaclass `__eq__`), user-made strings are copied to plain
`str` at C level before anything touches them (a `str` subclass could define `__format__`, `__eq__`,
`__hash__`, `__len__`), class attributes are read by walking the class dict's plain-`str` keys (a
lookup could call a key's `__eq__`), and only builtin descriptors are called. Every string it
reports is capped here, so the host never sees more than the report schema allows.
"""

HEAPTYPE = 1 << 9
HAVE_GC = 1 << 14
PREHEADER = 3 << 3  # Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF
SNIPPET = "<snippet>"
NAME_CHARS = 64
REPR_CHARS = 80
MESSAGE_CHARS = 500
TRACEBACK_CHARS = 4096
CYCLE_CHARS = 200
CODE_CHARS = 120
ELLIPSIS = "\u2026"

type_dict = type.__dict__["__dict__"].__get__
type_flags = type.__dict__["__flags__"].__get__
type_name_of = type.__dict__["__name__"].__get__
type_mro = type.__dict__["__mro__"].__get__
str_copy = str.__dict__["__str__"]


def short(text, limit):
    """A plain str cut to at most `limit` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def is_one_of(t, candidates):
    for candidate in candidates:
        if t is candidate:
            return True
    return False


def inherits(t, base):
    for klass in type_mro(t):
        if klass is base:
            return True
    return False


def plain_text(value, limit):
    """The characters of a str (or str subclass) as a capped plain str; "?" for anything else."""
    t = type(value)
    if t is not str:
        if not inherits(t, str):
            return "?"
        value = str_copy(value)
    return short(value, limit)


def is_text(value, expected):
    return type(value) is str and value == expected


def line_number(value):
    """A line the report can show: a positive int, else None."""
    return value if type(value) is int and value >= 1 else None


def type_name(t):
    return plain_text(type_name_of(t), NAME_CHARS)


def is_user_type(t):
    return bool(type_flags(t) & HEAPTYPE)


def is_class(t):
    return inherits(t, type)


SCALARS = (int, float, complex, bool, NoneType)
TEXTS = (str, bytes, bytearray)
CONTAINERS = (list, tuple, set, frozenset, dict)
SKIPPED = (ModuleType, FunctionType, BuiltinFunctionType, MethodType)


def is_leaf(t):
    """Objects the measuring does not look into: scalars, texts, modules, functions, classes."""
    return is_one_of(t, SCALARS) or is_one_of(t, TEXTS) or is_one_of(t, SKIPPED) or is_class(t)


source_lines = SOURCE.splitlines()


def line_text(n):
    return short(source_lines[n - 1].strip(), CODE_CHARS) if n is not None and n <= len(source_lines) else ""
