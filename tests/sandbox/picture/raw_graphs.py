"""Raw graphs as the harness extracts them (plain dicts), for the folding and picture tests.

`python3 raw_graphs.py NAME` prints the folded graph of NAME as JSON (what the report carries).
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "sandbox", "child"))
from graph import fold_graph  # noqa: E402


def obj(type_, size, refs, shape, slots, cycle=False, freed=False, immortal=False):
    return {"type": type_, "size": size, "refs": refs, "immortal": immortal, "shape": shape,
            "cycle": cycle, "freed": freed, "slots": slots}


def ref(label, to, cycle=False):
    return {"label": label, "ref": to, "cycle": cycle}


def val(label, text):
    return {"label": label, "plain": text}


def parent_child(freed=False):
    """The guide's lesson-7 example; `freed` is the same after `del parent, child` and gc.collect()."""
    refs = 1 if freed else 2
    objects = {
        "p": obj("Node", 24, refs, "object", [val("value", "1"), ref("children", "pl", True), val("parent", "None")], True, freed),
        "pl": obj("list", 44, 1, "sequence", [ref("0", "c", True)], True, freed),
        "c": obj("Node", 24, refs, "object", [val("value", "2"), ref("children", "cl"), ref("parent", "p", True)], True, freed),
        "cl": obj("list", 28, 1, "sequence", [], False, freed),
        "ab": obj("list", 44, 2, "sequence", [val("0", "1"), val("1", "2"), val("2", "3")]),
    }
    names = [] if freed else [{"name": "parent", "ref": "p"}, {"name": "child", "ref": "c"}]
    return {"roots": names + [{"name": "a", "ref": "ab"}, {"name": "b", "ref": "ab"}], "objects": objects}


def folded_program():
    """72 objects: a 28-Node linked list, a dict of 12 small lists, a 30-Node list shared by two names."""
    objects = {}
    for i in range(28):
        nxt = [ref("next", f"node{i - 1}")] if i else [val("next", "None")]
        objects[f"node{i}"] = obj("Node", 24, 1, "object", [val("value", str(i))] + nxt)
    for i in range(12):
        objects[f"sq{i}"] = obj("list", 36, 1, "sequence", [val("0", str(i)), val("1", str(i * i))])
    objects["scores"] = obj("dict", 260, 1, "mapping", [ref(f"'s{i}'", f"sq{i}") for i in range(12)])
    for i in range(30):
        objects[f"person{i}"] = obj("Node", 24, 1, "object", [val("value", "0"), val("next", "None")])
    objects["people"] = obj("list", 156, 2, "sequence", [ref(str(i), f"person{i}") for i in range(30)])
    roots = [{"name": "head", "ref": "node27"}, {"name": "i", "plain": "27"}, {"name": "scores", "ref": "scores"},
             {"name": "people", "ref": "people"}, {"name": "alias", "ref": "people"}]
    return {"roots": roots, "objects": objects}


def many_nodes(n=10_000):
    objects = {f"o{i}": obj("Node", 24, 1, "object", [val("value", str(i))]) for i in range(n)}
    objects["all"] = obj("list", 4 * n + 28, 1, "sequence", [ref(str(i), f"o{i}") for i in range(n)])
    objects.update({f"x{i}": obj("Thing", 32, 1, "object", []) for i in range(n)})
    holder_slots = [ref(f"f{i}", f"x{i}") for i in range(n)]
    objects["holder"] = obj("Holder", 24, 1, "object", holder_slots)
    return {"roots": [{"name": "all", "ref": "all"}, {"name": "holder", "ref": "holder"}]
            + [{"name": f"v{i}", "plain": str(i)} for i in range(40)], "objects": objects}


def long_names():
    huge = "\u202e<B>\"{}\n\x00" * (1 << 17)  # 1 MiB of hostile text
    objects = {"x": obj(huge, 24, 1, "object", [val(huge, huge)])}
    return {"roots": [{"name": huge, "ref": "x"}], "objects": objects}


def deep(depth=1000):
    objects = {f"l{i}": obj("list", 32, 1, "sequence", [ref("0", f"l{i + 1}")] if i + 1 < depth else []) for i in range(depth)}
    return {"roots": [{"name": "nest", "ref": "l0"}], "objects": objects}


def ring(n=5000):
    objects = {f"r{i}": obj("Node", 24, 2 if i == 0 else 1, "object", [ref("next", f"r{(i + 1) % n}", True)], True) for i in range(n)}
    return {"roots": [{"name": "first", "ref": "r0"}], "objects": objects}


RAW = {
    "parent-child": parent_child,
    "parent-child-freed": lambda: parent_child(freed=True),
    "folded": folded_program,
    "many-nodes": many_nodes,
    "long-names": long_names,
    "deep": deep,
    "ring": ring,
}

if __name__ == "__main__":
    print(json.dumps(fold_graph(RAW[sys.argv[1]]()), ensure_ascii=False, indent=1))
