"""04 - Memory profiling with the standard library: sys.getsizeof and tracemalloc.

Run: python 04_memory_profiling.py   (CPython 3.14, standard library only)
memory_profiler (pip install memory-profiler) is external; tracemalloc
answers the same questions without installing anything.
"""
import sys
import tracemalloc


def section(title):
    print(f"\n=== {title} ===")


def deep_size(obj, seen=None):
    """sys.getsizeof of obj plus everything it contains, each object counted once."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        size += sum(deep_size(item, seen) for item in obj)
    return size


section("sys.getsizeof is shallow")
numbers = list(range(2_000))
print("getsizeof(list):", sys.getsizeof(numbers), "bytes")
print("deep_size(list):", deep_size(numbers), "bytes (list + 10000 int objects)")
shared = ["same string"] * 1_000
print("1000 references to one string, deep size:", deep_size(shared), "bytes")

section("tracemalloc: current and peak")
tracemalloc.start()
squares = [n * n for n in range(10_000)]
current, peak = tracemalloc.get_traced_memory()
print(f"after building squares: current={current / 1024:.0f} KiB, peak={peak / 1024:.0f} KiB")
total = sum(squares)
del squares
current, peak = tracemalloc.get_traced_memory()
print(f"after del squares:      current={current / 1024:.0f} KiB, peak={peak / 1024:.0f} KiB")
print("(peak remembers the high point; current drops when the list is freed)")
tracemalloc.stop()

section("tracemalloc: which lines allocate the most")
tracemalloc.start()
names = [f"user{i}" for i in range(1_000)]
table = {name: len(name) for name in names}
snapshot = tracemalloc.take_snapshot()
for stat in snapshot.statistics("lineno")[:3]:
    print(" ", stat)
tracemalloc.stop()

section("tracemalloc: what grew between two snapshots")
tracemalloc.start()
leaky_log = []
before = tracemalloc.take_snapshot()
for i in range(2_000):
    leaky_log.append(f"request {i} handled")   # grows and is never trimmed
after = tracemalloc.take_snapshot()
for diff in after.compare_to(before, "lineno")[:2]:
    print(" ", diff)
tracemalloc.stop()
print("total of squares, to show the data was used:", total)
