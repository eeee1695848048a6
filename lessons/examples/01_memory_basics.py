"""01 - Memory basics: names, objects, identity and size.

Run: python 01_memory_basics.py   (CPython 3.14, standard library only)
Sizes differ by platform: the sandbox (32-bit WebAssembly) prints smaller
numbers than a 64-bit desktop, e.g. sys.getsizeof(42) is 16 there and 28 on 64-bit.
"""
import sys


def section(title):
    print(f"\n=== {title} ===")


section("Names refer to objects")
a = [1, 2, 3]
b = a                      # no copy: a second name for the same list
b.append(4)
print("a after b.append(4):", a)
print("a is b:", a is b, "| id(a) == id(b):", id(a) == id(b))

section("Copies are new objects")
c = list(a)
print("c == a:", c == a, "| c is a:", c is a)

section("Rebinding versus changing")
x = [1, 2]
y = x
x = x + [3]                # builds a new list and moves only the name x
print("x:", x, "| y:", y)
n = 10
m = n
n += 1                     # ints are immutable: += creates a new int
print("n:", n, "| m:", m)

section("Shared small ints")
small_a = int("100")       # computed at run time, still the cached object
small_b = int("100")
big_a = int("100000")
big_b = int("100000")
print("100 is 100:", small_a is small_b, "(CPython caches -5..256)")
print("100000 is 100000:", big_a is big_b, "(separate objects; compare with ==)")

section("Sizes with sys.getsizeof (shallow, platform-dependent)")
for label, value in [("int 42", 42), ("str 'Hello'", "Hello"), ("list [1, 2, 3]", [1, 2, 3]),
                     ("empty list", []), ("empty dict", {}), ("None", None)]:
    print(f"{label:>15}: {sys.getsizeof(value)} bytes")

section("A list's size ignores its items")
short_words = ["a"] * 100
long_words = ["a" * 1000] * 100
print("100 short strings:", sys.getsizeof(short_words), "bytes")
print("100 long strings: ", sys.getsizeof(long_words), "bytes (the same: only references)")

section("Identity of a freed object can be reused")
ids = {id(object()) for _ in range(5)}   # each object dies right after id()
print("distinct ids for 5 temporary objects:", len(ids), "(often 1: the slot is reused)")
