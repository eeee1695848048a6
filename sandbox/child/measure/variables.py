"""The program's variables: names, sizes, references held, and which of them the report shows."""

VARIABLES_SHOWN = 40
BIGGEST_SHOWN = 30
SAME_AS_SHOWN = 10
MEASURED_OBJECTS = 10_000


def is_reported(name, value):
    if type(name) is not str or (name.startswith("__") and name.endswith("__")):
        return False
    t = type(value)
    return not is_one_of(t, SKIPPED) and not is_class(t)


def held(store, key):
    return getrefcount(store[key])


def reference_overhead():
    """What the measuring itself adds to sys.getrefcount (calibrated, since 3.14 changed it):
    a probe referenced exactly once, seen through the same path as the program's objects."""
    scratch = {"probe": object()}
    index = {id(scratch["probe"]): scratch["probe"]}
    return held(index, id(scratch["probe"])) - 1


def index_names(user_globals):
    """The program's objects by id, in definition order, with (up to SAME_AS_SHOWN + 1) names bound
    to each, and how many names were left out. A function of its own so that no local variable of
    the caller holds a reference while counts are taken."""
    names_by_id = {}
    objects_by_id = {}
    order = []
    left_out = 0
    for name, value in dict.items(user_globals):
        if not is_reported(name, value):
            continue
        names = names_by_id.get(id(value))
        if (names is None and len(order) >= MEASURED_OBJECTS) or (names is not None and len(names) > SAME_AS_SHOWN):
            left_out += 1
            continue
        if names is None:
            objects_by_id[id(value)] = value
            order.append(id(value))
            names = names_by_id[id(value)] = []
        names.append(short(name, NAME_CHARS))
    return order, objects_by_id, names_by_id, left_out


def program_refcounts(order, objects_by_id):
    overhead = reference_overhead()
    return {oid: None if is_immortal(objects_by_id[oid]) else held(objects_by_id, oid) - overhead for oid in order}


def variables_of(user_globals):
    """(rows shown, how many more there are, order, objects by id, names by id)."""
    order, objects_by_id, names_by_id, left_out = index_names(user_globals)
    counts = program_refcounts(order, objects_by_id)
    rows = []
    for oid in order:
        value = objects_by_id[oid]
        size = safe_sizeof(value)
        deep, counted = deep_size(value)
        text = safe_repr(value)
        kind = type_name(type(value))
        names = names_by_id[oid]
        for name in names:
            rows.append({"name": name, "type": kind, "size": size, "deepSize": deep, "deepCounted": counted,
                         "refcount": counts[oid], "immortal": counts[oid] is None,
                         "sameAs": [n for n in names if n is not name], "repr": text})
    shown = chosen(rows)
    add_holders(shown, order, objects_by_id, names_by_id, user_globals)
    return shown, len(rows) - len(shown) + left_out, order, objects_by_id, names_by_id


HOLDERS_SHOWN = 5
HOLDER_SCAN_ITEMS = 200_000


def add_holders(shown, order, objects_by_id, names_by_id, user_globals):
    """For each shown variable, `heldBy`: the references its refcount counts, explained — names,
    slots of the program's named containers and attributes, the code's constants, function
    defaults, and the rest as held by objects not named here. Reads only (no user code)."""
    oid_of = {name: oid for oid in order for name in names_by_id[oid]}
    wanted = {oid_of[row["name"]]: True for row in shown if not row["immortal"]}
    slots = holding_slots(wanted, order, objects_by_id, names_by_id)
    constants = constant_counts(wanted)
    defaults = default_holders(wanted, user_globals)
    for row in shown:
        if row["immortal"] or row["name"] not in oid_of:
            row["heldBy"] = []
            row["heldByMore"] = 0
            continue
        oid = oid_of[row["name"]]
        entries = [{"kind": "name", "where": n, "count": 1} for n in names_by_id[oid]] + slots[oid]
        entries += [{"kind": "default", "where": f, "count": 1} for f in defaults.get(oid, [])[:HOLDERS_SHOWN]]
        if constants.get(oid):
            entries.append({"kind": "constant", "where": "", "count": constants[oid]})
        explained = sum(e["count"] for e in entries)
        if row["refcount"] > explained:
            entries.append({"kind": "other", "where": "", "count": row["refcount"] - explained})
        visible = [e for e in entries if e["kind"] == "name" or e["kind"] == "item"]
        rest = [e for e in entries if not (e["kind"] == "name" or e["kind"] == "item")]
        row["heldBy"] = visible[:HOLDERS_SHOWN] + rest
        row["heldByMore"] = max(0, len(visible) - HOLDERS_SHOWN)


def holding_slots(wanted, order, objects_by_id, names_by_id):
    """Slots of the program's named containers and instances that hold a wanted object, as
    `grid[0]`, `table["key"]`, `node.next`; each a reference its refcount counts."""
    found = {oid: [] for oid in wanted}
    budget = HOLDER_SCAN_ITEMS
    for cid in order:
        if budget <= 0:
            break
        base = names_by_id[cid][0]
        for label, value in labelled_items(objects_by_id[cid], base):
            budget -= 1
            target = found.get(id(value))
            if target is not None and len(target) <= HOLDERS_SHOWN * 4:
                target.append({"kind": "item", "where": label, "count": 1})
            if budget <= 0:
                break
    return found


def labelled_items(o, base):
    """(label, value) for what a container or instance holds, lazily: the scan has a budget."""
    t = type(o)
    if t is list or t is tuple:
        for i, v in enumerate(t.__iter__(o)):
            yield base + "[" + int.__repr__(i) + "]", v
    elif t is dict:
        for k, v in dict.items(o):
            yield base + "[" + key_label(k) + "]", v
    elif t is set or t is frozenset:
        for v in t.__iter__(o):
            yield base + " (an item)", v
    elif not is_leaf(t):
        for name, v in slot_values(o):
            yield base + "." + plain_text(name, NAME_CHARS), v
        d = instance_dict(o)
        if d is not None:
            for k, v in dict.items(d):
                yield base + "." + key_label(k, True), v


def key_label(k, attribute=False):
    if type(k) is str:
        text = plain_text(k, NAME_CHARS)
        return text if attribute else "\"" + text + "\""
    if type(k) is int:
        return int.__repr__(k)
    return ELLIPSIS


def constant_counts(wanted):
    """How often each wanted object sits in the constants of the snippet's code (module and nested)."""
    counts = {}
    stack = [CODE] if CODE is not None else []
    seen = 0
    while stack and seen < 1000:
        code = stack.pop()
        seen += 1
        for c in code.co_consts:
            if type(c) is CodeType:
                stack.append(c)
            elif id(c) in wanted:
                counts[id(c)] = counts.get(id(c), 0) + 1
    return counts


def default_holders(wanted, user_globals):
    """Functions of the program whose default arguments hold a wanted object: by function name."""
    found = {}
    for value in dict.values(user_globals):
        if type(value) is not FunctionType:
            continue
        name = plain_text(function_code(value).co_name, NAME_CHARS)
        defaults = function_defaults(value)
        for d in (defaults if type(defaults) is tuple else ()):
            if id(d) in wanted:
                found.setdefault(id(d), []).append(name)
    return found


def chosen(rows):
    """The biggest variables and then the most referenced ones, in definition order."""
    if len(rows) <= VARIABLES_SHOWN:
        return rows
    by_size = sorted(range(len(rows)), key=lambda i: -rows[i]["deepSize"])
    picked = set(by_size[:BIGGEST_SHOWN])
    rest = [i for i in range(len(rows)) if i not in picked]
    by_refs = sorted(rest, key=lambda i: -(rows[i]["refcount"] or 0))
    picked.update(by_refs[: VARIABLES_SHOWN - BIGGEST_SHOWN])
    return [rows[i] for i in sorted(picked)]


MANY_INSTANCES = 1000
MANY_INSTANCES_SHOWN = 10


def many_instances(class_lines):
    """User classes without __slots__ that have many live instances at the end."""
    counts = {}
    samples = {}
    for o in gc_get_objects():
        t = type(o)
        if is_user_type(t) and not is_class(t) and not layout(t)[2]:
            counts[id(t)] = counts.get(id(t), 0) + 1
            if id(t) not in samples:
                samples[id(t)] = o
    found = []
    for tid, count in counts.items():
        sample = samples[tid]
        name = type_name(type(sample))
        if count >= MANY_INSTANCES and name in class_lines and len(found) < MANY_INSTANCES_SHOWN:
            d = instance_dict(sample)
            each = safe_sizeof(sample) + (safe_sizeof(d) if d is not None else 0)
            found.append({"class": name, "count": count, "line": class_lines[name], "bytesEach": each})
    return found


TRACER_FILE = "<memtutor-trace>"


def top_lines(traces):
    """Bytes still allocated, by the innermost line of the snippet that allocated them."""
    by_line = {}
    for trace in traces:
        for filename, lineno in trace[2]:
            if is_text(filename, TRACER_FILE):
                break  # the step-through tracer's own bytes, made while a line of the snippet ran
            if is_text(filename, SNIPPET):
                n = line_number(lineno)
                if n is not None:
                    entry = by_line.setdefault(n, [0, 0])
                    entry[0] += trace[1]
                    entry[1] += 1
                break
    ranked = sorted(by_line.items(), key=lambda item: -item[1][0])[:3]
    return [{"line": n, "bytes": b, "blocks": c, "code": line_text(n)} for n, (b, c) in ranked]
