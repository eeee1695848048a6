"""Unit tests for the graph folding rules (plain python3: `python3 -m unittest tests/sandbox/picture/test_graph.py`)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import raw_graphs as raw  # noqa: E402
from graph import MAX_BOXES, fold_graph  # noqa: E402


def node_by_type(graph, type_):
    return [n for n in graph["nodes"] if n["type"] == type_]


class FoldingRules(unittest.TestCase):
    def test_small_plain_container_is_written_in_its_parents_cell(self):
        graph = fold_graph(raw.parent_child())
        child = next(n for n in graph["nodes"] if n["slots"][0]["value"] == {"kind": "plain", "text": "2"})
        self.assertEqual(child["slots"][1]["value"], {"kind": "plain", "text": "[]  28 B"})
        self.assertEqual(len(graph["nodes"]), 4)

    def test_named_list_shared_by_two_names_keeps_its_box_and_is_marked(self):
        graph = fold_graph(raw.parent_child())
        shared = [n for n in graph["nodes"] if n["sharedBy"]]
        self.assertEqual([n["sharedBy"] for n in shared], [["a", "b"]])

    def test_cycle_members_and_edges_stay_marked(self):
        graph = fold_graph(raw.parent_child())
        self.assertEqual(sum(n["cycle"] for n in graph["nodes"]), 3)
        cycle_edges = [s for n in graph["nodes"] for s in n["slots"] if s["value"].get("cycle")]
        self.assertEqual(len(cycle_edges), 3)

    def test_freed_objects_are_kept_and_marked(self):
        graph = fold_graph(raw.parent_child(freed=True))
        self.assertEqual(sorted(n["type"] for n in graph["nodes"] if n["freed"]), ["Node", "Node", "list"])
        self.assertEqual([r["name"] for r in graph["roots"]], ["a", "b"])

    def test_long_container_is_sliced_first_three_gap_last_two(self):
        graph = fold_graph(raw.folded_program())
        people = next(n for n in graph["nodes"] if n["sharedBy"])
        self.assertEqual([s["label"] for s in people["slots"]], ["0", "1", "2", "…", "28", "29"])
        self.assertEqual(people["slots"][3]["value"], {"kind": "gap", "count": 25})

    def test_same_type_chain_collapses_to_a_stub_keeping_its_end(self):
        graph = fold_graph(raw.folded_program())
        chain = next(s for s in graph["stubs"] if s["fold"] == "chain")
        self.assertEqual((chain["count"], chain["type"], chain["bytes"]), (25, "Node", 600))
        end = next(n for n in graph["nodes"] if n["id"] == chain["next"]["to"])
        self.assertEqual(end["slots"][0]["value"]["text"], "0")

    def test_same_shape_siblings_fold_into_one_stub(self):
        graph = fold_graph(raw.folded_program())
        like = next(s for s in graph["stubs"] if s["fold"] == "like")
        self.assertEqual((like["count"], like["bytes"]), (4, 96))

    def test_plain_names_are_written_in_place(self):
        graph = fold_graph(raw.folded_program())
        self.assertIn({"name": "i", "value": {"kind": "plain", "text": "27"}}, graph["roots"])

    def test_distance_cap_keeps_cycles_and_shared_objects(self):
        source = raw.many_nodes(200)
        for i in range(30):  # a wide fan of distinct types so nothing folds
            source["objects"][f"t{i}"] = raw.obj(f"T{i}", 16, 1, "object", [raw.ref("x", f"t{i + 1}")] if i < 29 else [])
        source["roots"].insert(0, {"name": "fan", "ref": "t0"})
        source["objects"]["cyc"] = raw.obj("Loop", 24, 2, "object", [raw.ref("me", "cyc", True)], True)
        source["roots"].insert(1, {"name": "loop", "ref": "cyc"})
        graph = fold_graph(source)
        self.assertLessEqual(len(graph["nodes"]), MAX_BOXES)
        self.assertTrue(any(n["cycle"] for n in graph["nodes"]))
        self.assertTrue(any(s["count"] > 0 for s in graph["stubs"]))


class HostileGraphs(unittest.TestCase):
    def assert_small(self, graph):
        self.assertLessEqual(len(graph["nodes"]), MAX_BOXES)
        self.assertLessEqual(len(graph["stubs"]), 8)
        self.assertLessEqual(len(graph["roots"]), 16)
        for node in graph["nodes"]:
            self.assertLessEqual(len(node["slots"]), 12)

    def test_ten_thousand_nodes(self):
        graph = fold_graph(raw.many_nodes())
        self.assert_small(graph)
        self.assertEqual(graph["moreRoots"], 42 - 16)

    def test_one_mebibyte_names_are_shortened(self):
        graph = fold_graph(raw.long_names())
        texts = [graph["roots"][0]["name"], graph["nodes"][0]["type"], graph["nodes"][0]["slots"][0]["label"]]
        self.assertTrue(all(len(t) <= 48 and t.endswith("…") for t in texts))

    def test_deep_nesting_collapses(self):
        graph = fold_graph(raw.deep())
        self.assert_small(graph)
        self.assertEqual(graph["stubs"][0]["count"], 996)

    def test_cycle_of_five_thousand_keeps_the_cycle_visible(self):
        graph = fold_graph(raw.ring())
        self.assert_small(graph)
        self.assertTrue(any(s["value"].get("cycle") for n in graph["nodes"] for s in n["slots"]))
        self.assertEqual(graph["stubs"][0]["count"], 4997)


if __name__ == "__main__":
    unittest.main()
