"""The object graph for the picture: names → objects → fields, plus what the final collection freed.

Built in two phases on plain data only (str, int, bool, None), with the same primitives as the rest
of the measuring, so no user code runs: `live_graph` (measure phase) walks from the program's names
and leaves in GRAPH_STATE the raw objects plus a map id → label of the live ones; `freed_graph`
(garbage phase) adds the objects the collector saved, marks cycles and folds it all with the
harness's `fold_graph` (sandbox/child/graph.py) into the report's `graph`.
"""

GRAPH_OBJECTS = 400
GRAPH_ITEMS_HEAD = 3
GRAPH_ITEMS_TAIL = 2
GRAPH_FIELDS = 7
GRAPH_TEXT = 40


BUILTIN_CONTAINERS = (list, tuple, set, frozenset, dict)


def container_base(t):
    """The builtin container a type is (or derives from): its items are read through the base's
    own C methods, so a subclass's __iter__ or __len__ never runs. None for other objects."""
    for base in BUILTIN_CONTAINERS:
        if t is base or inherits(t, base):
            return base
    return None


def graph_shape(t):
    base = container_base(t)
    return "object" if base is None else "mapping" if base is dict else "sequence"


def is_drawn(o):
    """Objects that get a box: containers and instances; scalars, texts (str subclasses too),
    functions are written in cells."""
    t = type(o)
    return not is_leaf(t) and not inherits(t, str)


def plain_of(o):
    t = type(o)
    if is_one_of(t, SCALARS) or is_one_of(t, TEXTS):
        return safe_repr(o, GRAPH_TEXT)
    if inherits(t, str):
        return safe_repr(str_copy(o), GRAPH_TEXT)  # its characters, copied at C level
    return "<" + type_name(t) + ">"


def first_items(iterator, count):
    """At most `count` items of an iterator: a container of millions is never copied."""
    found = []
    if count <= 0:
        return found
    for item in iterator:
        found.append(item)
        if len(found) >= count:
            break
    return found


def kept_positions(total):
    """Positions of a container's items shown: all, or the first few and the last few."""
    if total <= GRAPH_ITEMS_HEAD + GRAPH_ITEMS_TAIL + 1:
        return list(range(total))
    return list(range(GRAPH_ITEMS_HEAD)) + list(range(total - GRAPH_ITEMS_TAIL, total))


def graph_entries(o):
    """(label, child) pairs of an object, already sliced, and how many were left out (a gap).
    Only the items shown are read (by index, or from either end of a dict), so the cost does not
    grow with the container."""
    base = container_base(type(o))
    if base is list or base is tuple:
        positions = kept_positions(base.__len__(o))
        return [(int.__repr__(i), base.__getitem__(o, i)) for i in positions], base.__len__(o) - len(positions)
    if base is set or base is frozenset:
        total = base.__len__(o)
        shown = len(kept_positions(total))
        return [("\u00b7", item) for item in first_items(base.__iter__(o), shown)], total - shown
    if base is dict:
        total = dict.__len__(o)
        shown = len(kept_positions(total))
        pairs = first_items(dict.items(o), GRAPH_ITEMS_HEAD if shown < total else total)
        if shown < total:
            pairs += first_items(dict.items(o).__reversed__(), GRAPH_ITEMS_TAIL)[::-1]
        return [(plain_of(k), v) for k, v in pairs], total - shown
    found = []
    total = 0
    d = instance_dict(o)
    if d is not None:
        total = dict.__len__(d)
        found.extend((plain_text(k, GRAPH_TEXT), v) for k, v in first_items(dict.items(d), GRAPH_FIELDS + 1))
    slots = slot_values(o)
    total += len(slots)
    found.extend(slots)
    if total > GRAPH_FIELDS + 1:
        return found[:GRAPH_FIELDS], total - GRAPH_FIELDS
    return found, 0


def slot_of(label, child, labels, objects_by_id, queue):
    """A cell: a reference to a box (queued for the walk) or a plain value written in place."""
    if not is_drawn(child):
        return {"label": label, "plain": plain_of(child)}
    key = id(child)
    if key not in labels:
        if len(labels) >= GRAPH_OBJECTS:
            return {"label": label, "plain": "<" + type_name(type(child)) + ">"}
        labels[key] = "o" + int.__repr__(len(labels))
        objects_by_id[key] = child
        queue.append(child)
    return {"label": label, "ref": labels[key]}


def walk(starts, labels, objects_by_id, freed_ids):
    """Breadth-first from `starts`: raw objects by label (sizes and flags; counts come later).
    Objects already labelled (the live ones, seen from the freed group) are referenced, not walked."""
    raw = {}
    queue = list(starts)
    at = 0
    while at < len(queue):
        o = queue[at]
        at += 1
        entries, gap = graph_entries(o)
        slots = [slot_of(label, child, labels, objects_by_id, queue) for label, child in entries]
        t = type(o)
        if gap:
            at_gap = len(slots) - GRAPH_ITEMS_TAIL if graph_shape(t) != "object" else len(slots)
            slots.insert(at_gap, {"label": ELLIPSIS, "gap": gap})
        raw[labels[id(o)]] = {"type": type_name(t), "size": safe_sizeof(o), "refs": None, "immortal": is_immortal(o),
                              "shape": graph_shape(t), "cycle": False, "freed": id(o) in freed_ids, "slots": slots}
    return raw


def graph_roots(user_globals, labels, objects_by_id, queue):
    roots = []
    for name, value in dict.items(user_globals):
        if is_reported(name, value):
            slot = slot_of(short(name, GRAPH_TEXT), value, labels, objects_by_id, queue)
            roots.append({"name": slot["label"], **({"ref": slot["ref"]} if "ref" in slot else {"plain": slot["plain"]})})
    return roots


def count_refs(raw, labels, objects_by_id, extra):
    """References the program holds, calibrated as for the variables; `extra` is what the
    measuring itself holds beyond the index (the saved garbage list)."""
    overhead = reference_overhead() + extra
    for key, label in labels.items():
        # No local names the object: it would add a reference of its own.
        if label in raw and key in objects_by_id and not is_immortal(objects_by_id[key]):
            raw[label]["refs"] = max(0, held(objects_by_id, key) - overhead)


def live_graph(user_globals, state):
    """Measure phase: the program's names and what they reach, kept as plain data in `state`."""
    labels = {}
    objects_by_id = {}
    queue = []
    roots = graph_roots(user_globals, labels, objects_by_id, queue)
    raw = walk(queue, labels, objects_by_id, {})
    queue.clear()
    count_refs(raw, labels, objects_by_id, 0)
    state["roots"] = roots
    state["objects"] = raw
    state["labels"] = labels


def mark_cycles(objects):
    """Tarjan's strongly connected components over the plain graph: members and edges of cycles."""
    index, low, on_stack, stack, component = {}, {}, set(), [], {}
    for start in objects:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = [s["ref"] for s in objects[node]["slots"] if "ref" in s and s["ref"] in objects]
            if i < len(targets):
                work.append((node, i + 1))
                nxt = targets[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work and work[-1][1] > 0:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                for member in members:
                    component[member] = node
    for label, obj in objects.items():
        for slot in obj["slots"]:
            if "ref" in slot and component.get(slot["ref"]) == component[label]:
                slot["cycle"] = True
                obj["cycle"] = True


def freed_graph(found, state):
    """Garbage phase: the freed objects as their own group, then the whole graph folded."""
    objects = state.get("objects", {})
    labels = dict(state.get("labels", {}))
    freed_ids = {id(o) for o in found}
    objects_by_id = {}
    starts = [o for o in found if is_user_type(type(o)) and not is_leaf(type(o)) and id(o) not in labels]
    del starts[max(0, GRAPH_OBJECTS - len(labels)):]
    for i in range(len(starts)):
        labels[id(starts[i])] = "o" + int.__repr__(len(labels))
        objects_by_id[id(starts[i])] = starts[i]
    freed = walk(starts, labels, objects_by_id, freed_ids)
    starts.clear()
    count_refs(freed, labels, objects_by_id, 1)
    objects.update(freed)
    mark_cycles(objects)
    return fold_graph({"roots": state.get("roots", []), "objects": objects})
