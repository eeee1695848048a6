"""Plain-CPython unit tests for the harness pieces that need no Pyodide: static hints, the
measuring's caps and primitives, and its JSON encoding. Run by tests/sandbox/python.test.ts."""

import ast
import json
import pathlib
import sys
import types
import unittest
import _json

CHILD = pathlib.Path(__file__).resolve().parents[3] / "sandbox" / "child"
sys.dont_write_bytecode = True  # nothing written next to the sandbox files
sys.path.insert(0, str(CHILD))

import hints  # noqa: E402  (the child directory is put on the path just above)


def measuring_namespace(source=""):
    """safe.py, inspect.py and encode.py run the way the worker runs them, with the builtins the
    harness captures (the few that differ on CPython 3.11 are filled in here)."""
    refs = {name: getattr(__builtins__, name, None) if not isinstance(__builtins__, dict) else __builtins__.get(name)
            for name in ("len", "id", "type", "str", "int", "float", "complex", "bool", "bytes", "bytearray", "list",
                         "tuple", "dict", "set", "frozenset", "range", "enumerate", "sorted", "Exception")}
    refs.update({"ModuleType": types.ModuleType, "FunctionType": types.FunctionType, "NoneType": type(None),
                 "BuiltinFunctionType": types.BuiltinFunctionType, "MethodType": types.MethodType,
                 "GetSetDescriptorType": types.GetSetDescriptorType, "MemberDescriptorType": types.MemberDescriptorType,
                 "encode_string": _json.encode_basestring_ascii, "GC_HEAD": 16, "PREHEADER_BYTES": 0,
                 "getsizeof": sys.getsizeof})
    namespace = {"__builtins__": refs, "SOURCE": source}
    for name in ("safe", "inspect", "encode"):
        path = CHILD / "measure" / f"{name}.py"
        exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace


class StaticHints(unittest.TestCase):
    def read(self, source):
        return hints.read_hints(source, ast.parse(source))

    def test_each_hint_has_an_id_a_line_and_a_capped_message_and_no_lesson(self):
        found, _ = self.read("data = [1]\ncopy = data[:]\nprint(sum([x for x in data]))\n")
        self.assertEqual([(h["id"], h["line"]) for h in found], [("list-comprehension-once", 3), ("slice-copy", 2)])
        for hint in found:
            self.assertEqual(set(hint), {"id", "line", "message"})

    def test_long_names_are_cut_in_messages_and_left_out_of_facts(self):
        name = "n" * 10_000
        found, facts = self.read(f"{name} = [1, 2]\ncopy = {name}[:]\nclass {name}:\n    pass\n")
        self.assertLessEqual(len(found[0]["message"]), hints.HINT_CHARS)
        self.assertIn("\u2026", found[0]["message"])
        self.assertEqual(facts["classLines"], {})

    def test_at_most_ten_hints(self):
        found, _ = self.read("".join(f"c{i} = d[:]\n" for i in range(50)))
        self.assertEqual(len(found), hints.MAX_HINTS)


class LinuxOsErrors(unittest.TestCase):
    def test_messages_match_cpython_on_linux(self):
        for error in (FileNotFoundError(2, "No such file or directory", "x"), IsADirectoryError(21, "Is a directory"),
                      OSError(13, "Permission denied", "a'b")):
            self.assertEqual(hints.linux_os_error_message(error), str(error))

    def test_other_errors_and_odd_slots_get_none(self):
        self.assertIsNone(hints.linux_os_error_message(ValueError("x")))
        self.assertIsNone(hints.linux_os_error_message(OSError("just text")))

    def test_a_forged_class_is_not_asked(self):
        class Liar(ValueError):
            __class__ = property(lambda self: OSError)
        self.assertIsNone(hints.linux_os_error_message(Liar("x")))


class MeasuringPrimitives(unittest.TestCase):
    def setUp(self):
        self.ns = measuring_namespace("first line\nsecond line\n")

    def test_plain_text_copies_str_subclasses_without_calling_them(self):
        called = []

        class Hostile(str):
            def __len__(self):
                called.append("len")
                return 0

            def __getitem__(self, i):
                called.append("getitem")
                return "F"

        text = self.ns["plain_text"](Hostile("x" * 100), 64)
        self.assertIs(type(text), str)
        self.assertEqual(text, "x" * 63 + "\u2026")
        self.assertEqual(self.ns["plain_text"](42, 64), "?")
        self.assertEqual(called, [])

    def test_type_checks_use_identity_not_metaclass_methods(self):
        called = []

        class Meta(type):
            def __eq__(cls, other):
                called.append("eq")
                return True

            __hash__ = type.__hash__

        class Sneaky(metaclass=Meta):
            pass

        self.assertFalse(self.ns["is_one_of"](Sneaky, (int, str)))
        self.assertFalse(self.ns["is_leaf"](Sneaky))
        self.assertTrue(self.ns["is_class"](Meta))
        self.assertEqual(called, [])

    def test_line_numbers_below_one_become_none(self):
        line_number = self.ns["line_number"]
        self.assertEqual([line_number(n) for n in (1, 7, 0, -3, None, True)], [1, 7, None, None, None, None])
        self.assertEqual(self.ns["line_text"](2), "second line")
        self.assertEqual(self.ns["line_text"](None), "")

    def test_reprs_are_capped_even_when_escapes_grow_them(self):
        safe_repr = self.ns["safe_repr"]
        self.assertLessEqual(len(safe_repr("\x00" * 1000)), self.ns["REPR_CHARS"])
        self.assertEqual(safe_repr([1, "a", None]), "[1, 'a', None]")
        self.assertEqual(safe_repr(object()), "<object object>")


class DeepWalkLimit(unittest.TestCase):
    def test_a_walk_past_the_limit_reports_how_many_objects_it_counted(self):
        ns = measuring_namespace()
        limit = ns["DEEP_WALK_OBJECTS"]
        self.assertEqual(limit, 200_000)
        _, counted = ns["deep_size"]([str(i) for i in range(limit + 10)])
        self.assertEqual(counted, limit)

    def test_a_walk_within_the_limit_is_complete(self):
        ns = measuring_namespace()
        total, counted = ns["deep_size"]([str(i) for i in range(10)])
        self.assertIsNone(counted)
        self.assertGreater(total, 10 * sys.getsizeof(""))


class GraphEntries(unittest.TestCase):
    """graph_raw.graph_entries reads only the items a box shows, through the builtin base's methods."""

    def setUp(self):
        self.ns = measuring_namespace()
        path = CHILD / "measure" / "graph_raw.py"
        exec(compile(path.read_text(), str(path), "exec"), self.ns)

    def labels(self, o):
        entries, gap = self.ns["graph_entries"](o)
        return [label for label, _ in entries], gap

    def test_a_long_list_shows_its_first_three_and_last_two_items_without_its_own_methods(self):
        class Hostile(list):
            def __len__(self):
                raise AssertionError("__len__ ran")

            def __getitem__(self, i):
                raise AssertionError("__getitem__ ran")

            def __iter__(self):
                raise AssertionError("__iter__ ran")

        self.assertEqual(self.labels(Hostile(range(1_000_000))), (["0", "1", "2", "999998", "999999"], 999_995))
        self.assertEqual(self.labels((1, 2, 3, 4, 5, 6)), (["0", "1", "2", "3", "4", "5"], 0))

    def test_a_long_dict_shows_its_first_three_and_last_two_keys_in_order(self):
        self.assertEqual(self.labels({f"k{i}": i for i in range(10)}), (["'k0'", "'k1'", "'k2'", "'k8'", "'k9'"], 5))
        self.assertEqual(self.labels({"a": 1, "b": 2}), (["'a'", "'b'"], 0))

    def test_a_long_set_shows_five_items_and_instances_seven_fields(self):
        self.assertEqual(self.labels(set(range(100)))[1], 95)

        class Wide:
            pass

        wide = Wide()
        for i in range(20):
            setattr(wide, f"f{i}", i)
        self.assertEqual(self.labels(wide), ([f"f{i}" for i in range(7)], 13))


class Encoding(unittest.TestCase):
    def test_json_is_valid_and_escapes_everything(self):
        to_json = measuring_namespace()["to_json"]
        value = {"name": "a\"b\n\u2028\ud800", "n": 3, "x": 1.5, "nan": float("nan"), "list": [None, True, False]}
        decoded = json.loads(to_json(value))
        self.assertEqual(decoded["name"], "a\"b\n\u2028\ud800")
        self.assertIsNone(decoded["nan"])
        self.assertEqual(decoded["list"], [None, True, False])
        self.assertTrue(to_json(value).isascii())


if __name__ == "__main__":
    unittest.main()
