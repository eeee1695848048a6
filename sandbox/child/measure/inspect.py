"""Object inspection without user code: layouts of classes, sizes, attribute values, reprs."""

LAYOUTS = {}


def own_entries(klass):
    """A class's own attributes under plain-str names (a str-subclass key could run code in a lookup)."""
    entries = {}
    for key, value in type_dict(klass).items():
        if type(key) is str:
            entries[key] = value
    return entries


def layout(t):
    """(the builtin __dict__ descriptor or None, [(slot name, member descriptor)], declares __slots__), cached per type."""
    found = LAYOUTS.get(id(t))
    if found is None:
        found = read_layout(t)
        LAYOUTS[id(t)] = found
    return found


def read_layout(t):
    dict_descriptor = None
    dict_seen = False
    slots = []
    own_slots = False
    for klass in type_mro(t):
        entries = own_entries(klass)
        if klass is t:
            own_slots = "__slots__" in entries
        if not dict_seen and "__dict__" in entries:
            dict_seen = True
            candidate = entries["__dict__"]
            if type(candidate) is GetSetDescriptorType and is_text(candidate.__name__, "__dict__"):
                dict_descriptor = candidate
        names = entries.get("__slots__", ())
        if type(names) is str:
            names = (names,)
        if type(names) is not tuple and type(names) is not list:
            continue
        for name in names:
            descriptor = entries.get(name) if type(name) is str else None
            if type(descriptor) is MemberDescriptorType:
                slots.append((short(name, NAME_CHARS), descriptor))
    return dict_descriptor, slots, own_slots


def instance_dict(o):
    descriptor = layout(type(o))[0]
    if descriptor is None:
        return None
    try:
        value = descriptor.__get__(o, type(o))
    except Exception:
        return None
    return value if type(value) is dict else None


def slot_values(o):
    values = []
    for name, descriptor in layout(type(o))[1]:
        try:
            values.append((name, descriptor.__get__(o, type(o))))
        except Exception:
            pass
    return values


def safe_sizeof(o):
    """sys.getsizeof without a user-defined __sizeof__: the builtin base's, plus the pre-header
    (gc links, managed dict/weakref pointers) exactly as sys.getsizeof adds it."""
    t = type(o)
    size = 0
    for klass in type_mro(t):
        if is_user_type(klass):
            continue
        d = type_dict(klass)
        if "__sizeof__" in d:
            size = d["__sizeof__"](o)
            break
    flags = type_flags(t)
    if t is not type or flags & HEAPTYPE:
        size += (GC_HEAD if flags & HAVE_GC else 0) + (PREHEADER_BYTES if flags & PREHEADER else 0)
    return size


def safe_repr(o, budget=REPR_CHARS, depth=0):
    t = type(o)
    if t is str:
        return short(str.__repr__(o[:budget]) + (ELLIPSIS if len(o) > budget else ""), budget)
    if t is int:
        return int.__repr__(o) if o.bit_length() < 200 else "<int with " + int.__repr__(o.bit_length()) + " bits>"
    if is_one_of(t, SCALARS):
        return short(t.__repr__(o), budget)
    if t is bytes or t is bytearray:
        return short(t.__repr__(t(o[:budget])), budget)
    if depth < 3 and is_one_of(t, CONTAINERS):
        return container_repr(o, t, budget, depth)
    return short("<" + type_name(t) + " object>", budget)


BRACKETS = ((list, "[", "]"), (tuple, "(", ")"), (set, "{", "}"), (frozenset, "frozenset({", "})"), (dict, "{", "}"))


def brackets(t):
    for kind, opening, closing in BRACKETS:
        if kind is t:
            return opening, closing
    return "<", ">"


def container_repr(o, t, budget, depth):
    if (t is set or t is frozenset) and not len(o):
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
    opening, closing = brackets(t)
    text = ", ".join(items) + (", " + ELLIPSIS if len(o) > len(items) else "")
    if t is tuple and len(o) == 1:
        text += ","
    return short(opening + text + closing, budget)


def contents(o):
    """What an object holds, for deep sizes: container items (dict keys too), __dict__, slot values."""
    t = type(o)
    if t is list or t is tuple or t is set or t is frozenset:
        return t.__iter__(o)
    if t is dict:
        return [item for pair in dict.items(o) for item in pair]
    if is_leaf(t):
        return ()
    held = [v for _, v in slot_values(o)]
    d = instance_dict(o)
    if d is not None:
        held.append(d)
    return held


def deep_size(root):
    """(bytes, objects counted or None): follows containers (keys too), instance __dict__ and
    __slots__, counting each object once. The walk stops after DEEP_WALK_OBJECTS objects (all the
    roots of one report also share DEEP_BUDGET); then the bytes are a lower bound and the count says
    how far it got. None means the walk saw everything."""
    seen = set()
    stack = [root]
    total = 0
    cut = False
    while stack and len(seen) < DEEP_WALK_OBJECTS and DEEP_BUDGET[0] > 0:
        o = stack.pop()
        t = type(o)
        if id(o) in seen or is_one_of(t, SKIPPED) or is_class(t):
            continue
        seen.add(id(o))
        DEEP_BUDGET[0] -= 1
        total += safe_sizeof(o)
        for item in contents(o):
            if len(stack) > DEEP_WALK_OBJECTS:
                cut = True
                break
            stack.append(item)
    counted = len(seen) if cut or stack else None
    return (total, counted) if total else (safe_sizeof(root), counted)


# A named limit: the report shows a deep size cut here as "≥ N (counted DEEP_WALK_OBJECTS objects)".
DEEP_WALK_OBJECTS = 200_000
DEEP_BUDGET = [2_000_000]
