"""memtutor's memory graph folding: what the picture draws, at most about 12 boxes.

Pure functions over plain data the harness already extracted (dicts of str, int, bool, None):
nothing here touches a user object, so no user code can run while the picture is built.

Input (`fold_graph(raw)`):
    raw = {
        "roots": [{"name": str, "ref": id} | {"name": str, "plain": str}],
        "objects": {id: {"type": str, "size": int, "refs": int | None, "immortal": bool,
                         "shape": "object" | "sequence" | "mapping", "cycle": bool, "freed": bool,
                         "slots": [{"label": str, "ref": id, "cycle": bool} | {"label": str, "plain": str}]}},
    }
Objects marked "freed" are what the final collection found unreachable. Output: the `graph` of
the report (sandbox/graph.ts): short ids, every string shortened, every list capped.

The rules, in order: write small containers of plain values into their parent's cell; slice long
containers (first 3, a gap, last 2); collapse same-type chains into "+N more Node" stubs; fold
same-shape leaf siblings into "+N more Node like this"; then keep boxes by distance from the
names (the freed group after them), always preferring cycle members and shared objects.
"""

try:
    deque  # noqa: B018  (in the measuring, the captured type comes with its builtins: no import there)
except NameError:
    from collections import deque

MAX_BOXES = 12
MAX_STUBS = 8
MAX_ROOTS = 16
MAX_SLOTS = 12
MAX_SHARED_BY = 6
TEXT = 48
SLICE_HEAD, SLICE_TAIL = 3, 2
FIELDS_SHOWN = 8
INLINE_ITEMS = 4
CHAIN_MIN = 5
CHAIN_KEEP_HEAD = 2
INLINE_BRACKETS = {"list": "[]", "tuple": "()", "set": "{}", "frozenset": "{}", "dict": "{}"}


def clip(text, limit=TEXT):
    text = text[: limit * 2]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text):
    return {"kind": "plain", "text": clip(text)}


def inline_text(obj):
    """`[2, 4]  36 B`: a small container of plain values written as text."""
    items = [s["plain"] if obj["shape"] != "mapping" else f'{s["label"]}: {s["plain"]}' for s in obj["slots"]]
    opening, closing = INLINE_BRACKETS.get(obj["type"], "[]")
    return f"{opening}{', '.join(items)}{closing}  {obj['size']:,} B"


def referrers(raw):
    """id -> who holds it: names, then `<Type>.label` for objects."""
    held = {}
    for root in raw["roots"]:
        if "ref" in root:
            held.setdefault(root["ref"], []).append(root["name"])
    for obj in raw["objects"].values():
        for slot in obj["slots"]:
            if "ref" in slot:
                held.setdefault(slot["ref"], []).append(f"<{obj['type']}>.{slot['label']}")
    return held


def is_inlinable(obj, holders):
    return (
        obj["shape"] in ("sequence", "mapping")
        and len(obj["slots"]) <= INLINE_ITEMS
        and all("plain" in s for s in obj["slots"])
        and not obj["cycle"]
        and len(holders) == 1
        and not holders[0].isidentifier()  # a name of its own keeps its box
    )


def inline_small(objects, held):
    """Writes small plain containers into their parent's cell; they get no box of their own."""
    inlined = set()
    for obj in objects.values():
        for slot in obj["slots"]:
            target = objects.get(slot.get("ref"))
            if target is not None and is_inlinable(target, held.get(slot["ref"], [])):
                inlined.add(slot.pop("ref"))
                slot.pop("cycle", None)
                slot["plain"] = inline_text(target)
    for oid in inlined:
        del objects[oid]


def slice_long(objects):
    for obj in objects.values():
        slots = obj["slots"]
        if obj["shape"] == "object" and len(slots) > FIELDS_SHOWN:
            obj["slots"] = slots[: FIELDS_SHOWN - 1] + [{"label": "…", "gap": len(slots) - FIELDS_SHOWN + 1}]
        elif obj["shape"] != "object" and len(slots) > SLICE_HEAD + SLICE_TAIL + 1:
            gap = {"label": "…", "gap": len(slots) - SLICE_HEAD - SLICE_TAIL}
            obj["slots"] = slots[:SLICE_HEAD] + [gap] + slots[-SLICE_TAIL:]


def out_refs(obj):
    return [s for s in obj["slots"] if "ref" in s]


def chain_from(start, objects, held):
    """The longest run start → … of same-type objects, each held once and holding one reference."""
    chain = [start]
    seen = {start}
    while True:
        refs = out_refs(objects[chain[-1]])
        if len(refs) != 1:
            return chain
        nxt = refs[0]["ref"]
        obj = objects.get(nxt)
        if obj is None or nxt in seen or obj["type"] != objects[start]["type"] or len(held.get(nxt, [])) != 1:
            return chain
        chain.append(nxt)
        seen.add(nxt)


def collapse_chains(objects, held, stubs, order):
    for start in order:
        if start not in objects or any(start in s["members"] for s in stubs):
            continue
        chain = chain_from(start, objects, held)
        if len(chain) < CHAIN_MIN:
            continue
        middle = chain[CHAIN_KEEP_HEAD:-1]
        last_slot = out_refs(objects[chain[-2]])[0]
        stub = new_stub(stubs, "chain", middle, objects)
        stub["next"] = {"label": last_slot["label"], "to": chain[-1]}
        out_refs(objects[chain[CHAIN_KEEP_HEAD - 1]])[0]["ref"] = stub["id"]
        for oid in middle:
            del objects[oid]


def new_stub(stubs, fold, members, objects):
    first = objects[members[0]]
    stub = {
        "id": f"s{len(stubs) + 1}",
        "fold": fold,
        "members": set(members),
        "count": len(members),
        "type": first["type"],
        "bytes": sum(objects[m]["size"] for m in members),
        "next": None,
        "freed": all(objects[m]["freed"] for m in members),
    }
    stubs.append(stub)
    return stub


def signature(obj):
    return (obj["type"], obj["shape"], tuple(s["label"] if "plain" in s else None for s in obj["slots"]))


def fold_siblings(objects, held, stubs):
    for obj in list(objects.values()):
        groups = {}
        for slot in out_refs(obj):
            child = objects.get(slot["ref"])
            if child is None or out_refs(child) or child["cycle"] or len(held.get(slot["ref"], [])) != 1:
                continue
            groups.setdefault(signature(child), []).append(slot)
        for slots in groups.values():
            if len(slots) < 3:
                continue
            members = [s["ref"] for s in slots[1:]]
            stub = new_stub(stubs, "like", members, objects)
            for slot in slots[1:]:
                slot["ref"] = stub["id"]
            for oid in members:
                del objects[oid]


def by_distance(raw, objects, stubs):
    """Ids in the order they are reached from the names, then from the freed objects."""
    stub_ids = {s["id"]: s for s in stubs}
    starts = [r["ref"] for r in raw["roots"][:MAX_ROOTS] if "ref" in r]
    starts += [oid for oid, obj in objects.items() if obj["freed"]]
    order, seen = [], set()
    queue = deque(starts)
    while queue:
        oid = queue.popleft()
        if oid in seen or (oid not in objects and oid not in stub_ids):
            continue
        seen.add(oid)
        order.append(oid)
        if oid in stub_ids:
            nxt = stub_ids[oid]["next"]
            if nxt:
                queue.append(nxt["to"])
        else:
            queue.extend(s["ref"] for s in out_refs(objects[oid]))
    return order


def choose_boxes(order, objects, held):
    """Cycle members and shared objects first (nearest first), then the rest by distance."""
    boxes = [oid for oid in order if oid in objects]
    important = [oid for oid in boxes if objects[oid]["cycle"] or len(held.get(oid, [])) >= 2]
    rest = [oid for oid in boxes if oid not in set(important)]
    keep = set((important + rest)[:MAX_BOXES])
    return [oid for oid in boxes if oid in keep]


def value_of(slot, ids):
    if "gap" in slot:
        return {"kind": "gap", "count": slot["gap"]}
    if "plain" in slot:
        return plain(slot["plain"])
    if slot["ref"] in ids:
        return {"kind": "ref", "to": ids[slot["ref"]], "cycle": bool(slot.get("cycle"))}
    return None


def fold_graph(raw):
    objects = {oid: {**obj, "slots": [dict(s) for s in obj["slots"]]} for oid, obj in raw["objects"].items()}
    held = referrers(raw)
    inline_small(objects, held)
    slice_long(objects)
    stubs = []
    collapse_chains(objects, held, stubs, by_distance(raw, objects, stubs))
    fold_siblings(objects, held, stubs)
    order = by_distance(raw, objects, stubs)
    kept = choose_boxes(order, objects, held)
    kept_set = set(kept)
    dropped = [oid for oid in order if oid in objects and oid not in kept_set]
    rest_stub = new_stub(stubs, "like", dropped, objects) if dropped else None
    shown = {s["ref"] for oid in kept for s in out_refs(objects[oid])} | {r.get("ref") for r in raw["roots"]}
    stubs = [s for s in stubs if s["id"] in shown and s is not rest_stub][: MAX_STUBS - 1] + ([rest_stub] if rest_stub else [])
    if rest_stub:
        rest_stub["type"] = "object" if len({objects[m]["type"] for m in dropped}) > 1 else rest_stub["type"]
        rest_stub["fold"] = "chain"
    ids = {oid: f"n{i + 1}" for i, oid in enumerate(kept)}
    ids.update({s["id"]: s["id"] for s in stubs})
    dropped_set = set(dropped)
    if rest_stub:
        ids.update({oid: rest_stub["id"] for oid in dropped_set})
    return {
        "roots": [root_of(r, ids) for r in raw["roots"][:MAX_ROOTS]],
        "moreRoots": max(0, len(raw["roots"]) - MAX_ROOTS),
        "nodes": [node_of(objects[oid], ids[oid], ids, held.get(oid, [])) for oid in kept],
        "stubs": [stub_of(s, ids) for s in stubs],
        "totalObjects": len(raw["objects"]),
    }


def root_of(root, ids):
    value = value_of(root, ids) if "plain" in root or root["ref"] in ids else plain("…")
    return {"name": clip(root["name"]), "value": value}


def node_of(obj, nid, ids, holders):
    slots = []
    for slot in obj["slots"][:MAX_SLOTS]:
        value = value_of(slot, ids) or plain(f"<{obj['type']}>")
        slots.append({"label": clip(slot["label"]), "value": value})
    shared = len(holders) >= 2 and not obj["cycle"]
    refs = None if obj["immortal"] else obj["refs"]
    return {
        "id": nid,
        "type": clip(obj["type"]),
        "size": obj["size"],
        "refs": refs,
        "immortal": obj["immortal"],
        "shape": obj["shape"],
        "slots": slots,
        "sharedBy": [clip(h) for h in holders[:MAX_SHARED_BY]] if shared else [],
        "cycle": obj["cycle"],
        "freed": obj["freed"],
    }


def stub_of(stub, ids):
    nxt = stub["next"]
    return {
        "id": stub["id"],
        "fold": stub["fold"],
        "count": stub["count"],
        "type": clip(stub["type"]),
        "bytes": stub["bytes"],
        "next": {"label": clip(nxt["label"]), "to": ids[nxt["to"]]} if nxt and nxt["to"] in ids else None,
        "freed": stub["freed"],
    }

