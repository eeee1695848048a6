"""memtutor's measuring harness, second half: what the report says after the snippet ran.

Compiled before any user code runs and executed by the worker through the captured builtin
`exec`, in a fresh namespace whose `__builtins__` holds only what harness.capture_refs() took
from the pristine interpreter. So rebinding `sys.getsizeof`, `gc.collect`, `len` or anything else
changes nothing here. This code also never calls a user-defined method (__repr__, __sizeof__,
__eq__, __hash__, properties): sizes come from the builtin base type's __sizeof__, reprs are
built from builtin types only, attributes are read through the builtin descriptors. No user code
runs while it works, so nothing can rewrite its frames either.

Inputs (names in the namespace): PHASE, USER_GLOBALS, ERROR, SOURCE, BEFORE_COUNT,
BEFORE_STATS, CLASS_LINES, MAX_VARIABLES and what the worker read the instant the snippet returned (COUNT_AFTER, STATS_AFTER,
GC_ENABLED, TRACED, TRACES: before this namespace existed, so none of it counts) for PHASE "measure"; PHASE "garbage" gets GARBAGE_LIST (gc.garbage) and ALREADY:
past that index are the objects the final collection found unreachable (saved by DEBUG_SAVEALL),
which this phase takes out again so they can be freed. Output: RESULT, a JSON string.
"""

HEAPTYPE = 1 << 9
HAVE_GC = 1 << 14
PREHEADER = 3 << 3  # Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF
SCALARS = (int, float, complex, bool, NoneType)
TEXTS = (str, bytes, bytearray)
SKIPPED = (ModuleType, FunctionType, BuiltinFunctionType, MethodType)
MANY_INSTANCES = 1000
MAX_CYCLES = 5
MAX_NODES = 20_000
MAX_DEEP = 200_000

type_dict = type.__dict__["__dict__"].__get__
type_flags = type.__dict__["__flags__"].__get__
type_name = type.__dict__["__name__"].__get__
type_mro = type.__dict__["__mro__"].__get__
source_lines = SOURCE.splitlines()


def line_text(n):
    return source_lines[n - 1].strip() if n and 0 < n <= len(source_lines) else ""


def short(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_user_type(t):
    return bool(type_flags(t) & HEAPTYPE)


def is_class(t):
    return type in type_mro(t)


def lookup(t, name):
    for klass in type_mro(t):
        d = type_dict(klass)
        if name in d:
            return klass, d[name]
    return None, None


def safe_sizeof(o):
    """sys.getsizeof without calling a user-defined __sizeof__: the builtin base's, plus the
    pre-header (gc links, managed dict/weakref pointers) exactly as sys.getsizeof adds it."""
    t = type(o)
    size = 0
    for klass in type_mro(t):
        d = type_dict(klass)
        if "__sizeof__" in d and not is_user_type(klass):
            size = d["__sizeof__"](o)
            break
    flags = type_flags(t)
    if t is not type or flags & HEAPTYPE:
        size += (GC_HEAD if flags & HAVE_GC else 0) + (PREHEADER_BYTES if flags & PREHEADER else 0)
    return size


def instance_dict(o):
    # Only the builtin getset descriptor (which user code cannot define) is called, never a property.
    klass, descriptor = lookup(type(o), "__dict__")
    if klass is None or type(descriptor) is not GetSetDescriptorType:
        return None
    try:
        value = descriptor.__get__(o, type(o))
    except Exception:
        return None
    return value if type(value) is dict else None


def slot_values(o):
    values = []
    for klass in type_mro(type(o)):
        d = type_dict(klass)
        slots = d.get("__slots__", ())
        if type(slots) is str:
            slots = (slots,)
        if type(slots) not in (tuple, list):
            continue
        for slot in slots:
            descriptor = d.get(slot) if type(slot) is str else None
            if type(descriptor) is MemberDescriptorType:
                try:
                    values.append((slot, descriptor.__get__(o, type(o))))
                except AttributeError:
                    pass
    return values


def safe_repr(o, budget=80, depth=0):
    t = type(o)
    if t is str:
        return str.__repr__(o[:budget]) + ("…" if len(o) > budget else "")
    if t is int:
        return int.__repr__(o) if o.bit_length() < 200 else f"<int with {o.bit_length()} bits>"
    if t in SCALARS:
        return t.__repr__(o)
    if t in (bytes, bytearray):
        return short(t.__repr__(t(o[:budget])), budget)
    if depth < 3 and t in (list, tuple, set, frozenset, dict):
        return container_repr(o, t, budget, depth)
    return f"<{type_name(t)} object>"


BRACKETS = {list: ("[", "]"), tuple: ("(", ")"), set: ("{", "}"), frozenset: ("frozenset({", "})"), dict: ("{", "}")}


def container_repr(o, t, budget, depth):
    if t in (set, frozenset) and not len(o):
        return "set()" if t is set else "frozenset()"
    items = []
    used = 0
    entries = dict.items(o) if t is dict else t.__iter__(o)
    for entry in entries:
        if t is dict:
            text = safe_repr(entry[0], budget, depth + 1) + ": " + safe_repr(entry[1], budget, depth + 1)
        else:
            text = safe_repr(entry, budget, depth + 1)
        items.append(text)
        used += len(text) + 2
        if used > budget:
            break
    opening, closing = BRACKETS[t]
    text = ", ".join(items) + (", …" if len(o) > len(items) else "")
    if t is tuple and len(o) == 1:
        text += ","
    return short(opening + text + closing, budget)


def is_reported(name, value):
    if type(name) is not str or (name.startswith("__") and name.endswith("__")):
        return False
    t = type(value)
    return t not in SKIPPED and not is_class(t)


def edges(o):
    """(label, child) references that can be part of a cycle: container items, attributes, slots.
    Only gc-tracked children can close a cycle, so a list of a million ints has no edges at all."""
    t = type(o)
    if t in (list, tuple):
        return [(f"[{i}]", item) for i, item in enumerate(t.__iter__(o)) if gc_is_tracked(item)]
    if t is dict:
        return [(f"[{safe_repr(k, 30)}]", v) for k, v in dict.items(o) if gc_is_tracked(v)]
    if t in (set, frozenset):
        return [("{…}", item) for item in t.__iter__(o) if gc_is_tracked(item)]
    if t in SKIPPED or t in SCALARS or t in TEXTS or is_class(t):
        return []
    found = []
    d = instance_dict(o)
    if d is not None:
        found.extend((f".{k}", v) for k, v in dict.items(d) if type(k) is str and gc_is_tracked(v))
    found.extend((f".{name}", v) for name, v in slot_values(o) if gc_is_tracked(v))
    return found


def contents(o):
    """What an object holds, for deep sizes: container items (dict keys too), __dict__, slot values."""
    t = type(o)
    if t in (list, tuple, set, frozenset):
        return t.__iter__(o)
    if t is dict:
        return [item for pair in dict.items(o) for item in pair]
    if t in SKIPPED or t in SCALARS or t in TEXTS or is_class(t):
        return ()
    held = [v for _, v in slot_values(o)]
    d = instance_dict(o)
    if d is not None:
        held.append(d)
    return held


def deep_size(root):
    """Follows containers (keys too), instance __dict__ and __slots__, counting each object once."""
    seen = set()
    stack = [root]
    total = 0
    while stack and len(seen) < MAX_DEEP:
        o = stack.pop()
        if id(o) in seen or type(o) in SKIPPED or is_class(type(o)):
            continue
        seen.add(id(o))
        total += safe_sizeof(o)
        for item in contents(o):
            if len(stack) > MAX_DEEP:
                break
            stack.append(item)
    return total


def describe_error(error):
    """Type, message, line and a traceback of the snippet's own frames, without calling user code."""
    t = type(error)
    args = BaseException.__dict__["args"].__get__(error, t)
    if len(args) == 1 and type(args[0]) is str:
        message = args[0]
    elif not args:
        message = ""
    else:
        message = safe_repr(args, 200)
    frames = []
    line = None
    tb = BaseException.__dict__["__traceback__"].__get__(error, t)
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename == "<snippet>":
            frames.append(f'  File "<snippet>", line {tb.tb_lineno}, in {code.co_name}\n    {line_text(tb.tb_lineno)}')
            line = tb.tb_lineno
        tb = tb.tb_next
    name = type_name(t)
    head = "Traceback (most recent call last):\n" + "\n".join(frames) + "\n" if frames else ""
    return {"type": name, "message": message, "line": line, "traceback": f"{head}{name}: {message}" if message else f"{head}{name}"}


def drop_frames(error):
    """The traceback's frames would hold extra references to the program's objects."""
    t = type(error)
    tb = BaseException.__dict__["__traceback__"].__get__(error, t)
    while tb is not None:
        try:
            tb.tb_frame.clear()
        except RuntimeError:
            pass
        tb = tb.tb_next
    BaseException.__dict__["__traceback__"].__set__(error, None)


def held(store, key):
    return getrefcount(store[key])


def reference_overhead():
    """What the measuring itself adds to sys.getrefcount (calibrated, since 3.14 changed it):
    a probe referenced exactly once, seen through the same path as the program's objects."""
    scratch = {"probe": object()}
    index = {id(scratch["probe"]): scratch["probe"]}
    return held(index, id(scratch["probe"])) - 1


def index_names(user_globals):
    """The program's objects by id, in definition order, with the names bound to each. A function of
    its own so that no local variable of the caller holds a reference while counts are taken."""
    names_by_id = {}
    objects_by_id = {}
    order = []
    for name, value in dict.items(user_globals):
        if not is_reported(name, value):
            continue
        if id(value) not in objects_by_id:
            objects_by_id[id(value)] = value
            order.append(id(value))
        names_by_id.setdefault(id(value), []).append(name)
    return order, objects_by_id, names_by_id


def program_refcounts(order, objects_by_id):
    overhead = reference_overhead()
    return {oid: None if is_immortal(objects_by_id[oid]) else held(objects_by_id, oid) - overhead for oid in order}


def variables_of(user_globals):
    order, objects_by_id, names_by_id = index_names(user_globals)
    counts = program_refcounts(order, objects_by_id)
    rows = []
    for oid in order:
        value = objects_by_id[oid]
        size = safe_sizeof(value)
        deep = deep_size(value)
        text = safe_repr(value)
        for name in names_by_id[oid]:
            rows.append({"name": name, "type": type_name(type(value)), "size": size, "deepSize": deep,
                         "refcount": counts[oid], "immortal": counts[oid] is None,
                         "sameAs": [n for n in names_by_id[oid] if n != name], "repr": text})
    return rows[:MAX_VARIABLES], order, objects_by_id, names_by_id


def render_cycle(members, names_by_id):
    """[(object, edge label)] closing on members[0] → `a.next → b.next → a`."""
    start = 0
    for i, (o, _) in enumerate(members):
        if id(o) in names_by_id:
            start = i
            break
    rotated = members[start:] + members[:start]
    parts = []
    current = ""
    for o, label in rotated:
        name = display_name(o, names_by_id)
        if name is not None:
            if current:
                parts.append(current)
            current = name
        current += label
    parts.append(current)
    parts.append(display_name(rotated[0][0], names_by_id) or f"<{type_name(type(rotated[0][0]))}>")
    return " → ".join(parts)


def display_name(o, names_by_id):
    """A variable's name; `<Class>` for an unnamed instance of the program's classes; None for an
    unnamed container, which the path just passes through (`a.children[0]`)."""
    names = names_by_id.get(id(o))
    if names:
        return names[0]
    t = type(o)
    if is_user_type(t) or t not in (list, tuple, dict, set, frozenset):
        return f"<{type_name(t)}>"
    return None


def find_cycles(roots, names_by_id):
    """Reference cycles reachable from `roots`, by depth-first search keeping the current path."""
    cycles = []
    attributes = set()
    seen_cycles = set()
    visited = set()
    for root in roots:
        if len(cycles) >= MAX_CYCLES or len(visited) > MAX_NODES or id(root) in visited:
            continue
        visited.add(id(root))
        path = [[root, "", edges(root), 0]]
        on_path = {id(root): 0}
        while path and len(cycles) < MAX_CYCLES:
            frame = path[-1]
            if frame[3] >= len(frame[2]):
                path.pop()
                on_path.pop(id(frame[0]), None)
                continue
            label, child = frame[2][frame[3]]
            frame[3] += 1
            frame[1] = label
            if id(child) in on_path:
                members = [(f[0], f[1]) for f in path[on_path[id(child)]:]]
                key = tuple(sorted(id(o) for o, _ in members))
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    cycles.append(render_cycle(members, names_by_id))
                    attributes.update(lbl[1:] for _, lbl in members if lbl.startswith("."))
                continue
            if id(child) in visited or len(visited) > MAX_NODES:
                continue
            visited.add(id(child))
            on_path[id(child)] = len(path)
            path.append([child, "", edges(child), 0])
    return cycles, attributes


def top_lines(traces):
    """Bytes still allocated, by the innermost line of the snippet that allocated them."""
    by_line = {}
    for trace in traces:
        for filename, lineno in trace[2]:
            if filename == "<snippet>":
                entry = by_line.setdefault(lineno, [0, 0])
                entry[0] += trace[1]
                entry[1] += 1
                break
    ranked = sorted(by_line.items(), key=lambda item: -item[1][0])[:3]
    return [{"line": n, "bytes": b, "blocks": c, "code": short(line_text(n), 120)} for n, (b, c) in ranked]


def many_instances(class_lines):
    """User classes without __slots__ that have many live instances at the end."""
    counts = {}
    classes = {}
    for o in gc_get_objects():
        t = type(o)
        if is_user_type(t) and "__slots__" not in type_dict(t) and type_name(t) in class_lines:
            counts[id(t)] = counts.get(id(t), 0) + 1
            if id(t) not in classes:
                classes[id(t)] = o
    found = []
    for tid, count in counts.items():
        if count >= MANY_INSTANCES:
            sample = classes[tid]
            name = type_name(type(sample))
            d = instance_dict(sample)
            each = safe_sizeof(sample) + (safe_sizeof(d) if d is not None else 0)
            found.append({"class": name, "count": count, "line": class_lines[name], "bytesEach": each})
    return found


def flush_streams():
    for stream in (STDOUT, STDERR):
        try:
            type(stream).flush(stream)
        except Exception:
            pass


def to_json(value):
    """JSON by hand: json.dumps is Python code that looks up the (rebindable) builtins."""
    t = type(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if t is int:
        return int.__repr__(value)
    if t is float:
        return float.__repr__(value) if value == value and value not in (float("inf"), float("-inf")) else "null"
    if t is str:
        return encode_string(value)
    if t in (list, tuple):
        return "[" + ",".join([to_json(item) for item in value]) + "]"
    if t is dict:
        return "{" + ",".join([encode_string(str(k)) + ":" + to_json(v) for k, v in dict.items(value)]) + "}"
    return encode_string(f"<{type_name(t)}>")


def measure():
    count_after = list(COUNT_AFTER)
    stats_after = [s["collections"] for s in STATS_AFTER]
    traced = TRACED if TRACED is not None else (0, 0)
    traces = TRACES if TRACES is not None else []
    flush_streams()
    error = None
    if ERROR is not None:
        error = describe_error(ERROR)
        drop_frames(ERROR)
    rows, order, objects_by_id, names_by_id = variables_of(USER_GLOBALS)
    cycles, attributes = find_cycles([objects_by_id[i] for i in order], names_by_id)
    return {
        "error": error, "variables": rows, "cycles": cycles, "cycleAttributes": sorted(attributes),
        "gc": {"enabled": GC_ENABLED, "countBefore": list(BEFORE_COUNT), "countAfter": count_after,
               "collections": [a - b for a, b in zip(stats_after, BEFORE_STATS)]},
        "memory": {"current": traced[0], "peak": traced[1], "top": top_lines(traces)},
        "manyInstances": many_instances(CLASS_LINES) if CLASS_LINES else [],
    }


def describe_garbage(found):
    """Cycles among the unreachable objects of the program's own classes (e.g. after `del a, b`)."""
    names = {}
    mine = [o for o in found if is_user_type(type(o)) and not is_class(type(o)) and type(o) not in SKIPPED]
    cycles, attributes = find_cycles(mine, names)
    return {"cycles": cycles, "cycleAttributes": sorted(attributes)}


if PHASE == "measure":
    RESULT = to_json(measure())
else:
    FOUND = GARBAGE_LIST[ALREADY:]
    del GARBAGE_LIST[ALREADY:]
    RESULT = to_json(describe_garbage(FOUND))
    FOUND = None
