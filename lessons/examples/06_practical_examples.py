"""06 - Practical memory management: caches, trees and streaming.
Run: python 06_practical_examples.py   (CPython 3.14, standard library only)"""
import os
import tracemalloc
import weakref
from collections import OrderedDict


class BoundedCache:
    """A least-recently-used cache that never holds more than max_size entries."""

    def __init__(self, max_size):
        self.max_size = max_size
        self.entries = OrderedDict()

    def get(self, key, compute):
        if key not in self.entries:
            self.entries[key] = compute(key)
            if len(self.entries) > self.max_size:
                self.entries.popitem(last=False)   # evict the least recently used
        self.entries.move_to_end(key)              # mark as recently used
        return self.entries[key]


class Record:
    def __init__(self, key):
        self.key = key


live_records = weakref.WeakValueDictionary()


def load_record(key):
    record = live_records.get(key)     # a strong reference while we work with it
    if record is None:
        record = Record(key)
        live_records[key] = record
    return record


class TreeNode:
    def __init__(self, name, parent=None):
        self.name = name
        self.children = []
        self._parent = weakref.ref(parent) if parent else None   # weak: no cycle
        if parent:
            parent.children.append(self)

    @property
    def parent(self):
        return self._parent() if self._parent else None


def count_errors(path, lines_of):
    """Counts ERROR lines in path; returns (count, peak KiB while counting)."""
    tracemalloc.start()
    with open(path) as log:
        count = sum(1 for line in lines_of(log) if line.startswith("ERROR"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return count, peak // 1024


print("=== A bounded LRU cache instead of a dict that only grows ===")
cache = BoundedCache(max_size=100)
for n in range(10_000):
    cache.get(n % 300, lambda key: [key] * 10)
print("entries kept:", len(cache.entries), "(never more than 100)")

print("\n=== A weak cache: entries live only while someone uses them ===")
held = load_record("alice")
load_record("bob")                     # nobody keeps bob, so its entry disappears
print("cached keys:", sorted(live_records.keys()))
print("alice served from the cache:", load_record("alice") is held)

print("\n=== A tree with weak parent links needs no cycle collector ===")
root = TreeNode("root")
leaf = TreeNode("leaf", parent=TreeNode("branch", parent=root))
print("leaf's grandparent:", leaf.parent.parent.name)
root_watch = weakref.ref(root)
del root, leaf
print("tree freed immediately:", root_watch() is None)

print("\n=== Streaming a file line by line instead of reading it all ===")
with open("example_06.log", "w") as log:
    log.writelines(f"{'ERROR' if i % 7 == 0 else 'INFO'} event {i}\n" for i in range(3_000))
print("streaming (errors, peak KiB):", streamed := count_errors("example_06.log", lambda log: log))
print("readlines (errors, peak KiB):", read_all := count_errors("example_06.log", lambda log: log.readlines()))
os.remove("example_06.log")            # tidy up the demo file
assert streamed[1] < read_all[1], "streaming peaks lower than reading every line at once"
