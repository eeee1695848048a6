"""Reference cycles among the program's objects, as readable paths (`a.next → b.next → a`)."""

MAX_CYCLES = 10
MAX_CYCLE_ATTRIBUTES = 20
MAX_NODES = 20_000


def edges(o):
    """(label, child) references that can be part of a cycle: container items, attributes, slots.
    Only gc-tracked children can close a cycle, so a list of a million ints has no edges at all."""
    t = type(o)
    if t is list or t is tuple:
        return [("[" + int.__repr__(i) + "]", item) for i, item in enumerate(t.__iter__(o)) if gc_is_tracked(item)]
    if t is dict:
        return [("[" + safe_repr(k, 30) + "]", v) for k, v in dict.items(o) if gc_is_tracked(v)]
    if t is set or t is frozenset:
        return [("{" + ELLIPSIS + "}", item) for item in t.__iter__(o) if gc_is_tracked(item)]
    if is_leaf(t):
        return []
    found = []
    d = instance_dict(o)
    if d is not None:
        found.extend(("." + short(k, NAME_CHARS), v) for k, v in dict.items(d) if type(k) is str and gc_is_tracked(v))
    found.extend(("." + name, v) for name, v in slot_values(o) if gc_is_tracked(v))
    return found


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
        if len(current) > CYCLE_CHARS:
            break
    parts.append(current)
    parts.append(display_name(rotated[0][0], names_by_id) or "<" + type_name(type(rotated[0][0])) + ">")
    return short(" \u2192 ".join(parts), CYCLE_CHARS)


def display_name(o, names_by_id):
    """A variable's name; `<Class>` for an unnamed instance of the program's classes; None for an
    unnamed container, which the path just passes through (`a.children[0]`)."""
    names = names_by_id.get(id(o))
    if names:
        return names[0]
    t = type(o)
    if is_user_type(t) or not is_one_of(t, CONTAINERS):
        return "<" + type_name(t) + ">"
    return None


def find_cycles(roots, names_by_id):
    """Reference cycles reachable from `roots`, by depth-first search keeping the current path.
    Returns (cycle paths, attribute names on them)."""
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
    return cycles, sorted(attributes)[:MAX_CYCLE_ATTRIBUTES]
