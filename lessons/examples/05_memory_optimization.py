"""05 - Memory optimization techniques, each one measured.

Run: python 05_memory_optimization.py   (CPython 3.14, standard library only)
Numbers are from tracemalloc; they are smaller on 32-bit WebAssembly than
on a 64-bit desktop, but the comparisons point the same way.
"""
import array
import os
import tracemalloc
import weakref


def section(title):
    print(f"\n=== {title} ===")


def peak_kib(function):
    """Peak memory allocated while function() runs, in KiB."""
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


N = 20_000

section("1. Generators instead of lists")
list_peak = peak_kib(lambda: sum([i * i for i in range(N)]))
gen_peak = peak_kib(lambda: sum(i * i for i in range(N)))
print(f"sum of a list:      peak {list_peak:8.1f} KiB")
print(f"sum of a generator: peak {gen_peak:8.1f} KiB")


section("2. __slots__ for many small objects")


class Regular:
    def __init__(self, x, y):
        self.x, self.y = x, y


class Slotted:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


regular_peak = peak_kib(lambda: [Regular(i, i) for i in range(2_000)])
slotted_peak = peak_kib(lambda: [Slotted(i, i) for i in range(2_000)])
print(f"10000 regular objects: {regular_peak:7.1f} KiB")
print(f"10000 slotted objects: {slotted_peak:7.1f} KiB")

section("3. Compact containers for numbers (array module)")
list_kib = peak_kib(lambda: list(range(1000, 1000 + N)))
array_kib = peak_kib(lambda: array.array("i", range(1000, 1000 + N)))
print(f"list of {N} ints:  {list_kib:8.1f} KiB (a pointer + an int object each)")
print(f"array('i') of {N}: {array_kib:8.1f} KiB (4 raw bytes each)")

section("4. del frees only the last reference")


class Big:
    pass


data = Big()
watch = weakref.ref(data)
alias = data
del data
print("after del data: freed?", watch() is None, "(alias still refers to it)")
del alias
print("after del alias: freed?", watch() is None)

section("5. Context managers release resources on time")
with open("example_05.txt", "w") as handle:
    handle.write("memory\n" * 10)
with open("example_05.txt") as handle:
    line_count = len(handle.readlines())
print("lines read:", line_count, "| file closed:", handle.closed)
os.remove("example_05.txt")             # tidy up the demo file
