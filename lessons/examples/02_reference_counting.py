"""02 - Reference counting: how CPython knows when to free an object.

Run: python 02_reference_counting.py   (CPython 3.14, standard library only)
Reference counts are an implementation detail: read them as differences,
not as exact values. Immortal objects (3.12+) report a huge constant.
"""
import sys


def section(title):
    print(f"\n=== {title} ===")


def is_immortal(value):
    """sys._is_immortal is new in 3.14; older versions just say 'unknown'."""
    check = getattr(sys, "_is_immortal", None)
    return check(value) if check else "unknown"


section("Counting references to a fresh list")
x = []
print("x = []          ->", sys.getrefcount(x), "(x + getrefcount's argument)")
y = x
print("y = x           ->", sys.getrefcount(x))
holder = [x, x]
print("holder = [x, x] ->", sys.getrefcount(x), "(each list slot is a reference)")
del holder
print("del holder      ->", sys.getrefcount(x))
del y
print("del y           ->", sys.getrefcount(x))


def count_inside_function():
    local = []
    return sys.getrefcount(local)


print("inside a function:", count_inside_function(), "(3.14 borrows the local: 1, not 2)")

section("del removes a name; the object dies with its last reference")


class Tracked:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print(f"  [{self.name} freed]")


first = Tracked("box")
second = first
print("del first")
del first
print("del second")
del second
print("after both dels")

section("Immortal objects (huge constant refcounts)")
for label, value in [("None", None), ("True", True), ("42", 42), ("''", "")]:
    print(f"{label:>5}: refcount {sys.getrefcount(value)}, immortal {is_immortal(value)}")
big = int("1000")
print(f"{'1000':>5}: refcount {sys.getrefcount(big)}, immortal {is_immortal(big)}")

section("Interned strings are shared but (since 3.13) not immortal")
greeting = "Hello"
built = "".join(["Hel", "lo"])     # equal value, built at run time
print("interned literal:", sys._is_interned(greeting), "| immortal:", is_immortal(greeting))
print("refcount of the literal:", sys.getrefcount(greeting), "(the compiled code holds it too)")
print("built string is the literal:", built is greeting, "| after sys.intern:", sys.intern(built) is greeting)

section("A cycle keeps counts above zero")


class Node:
    def __init__(self):
        self.other = None


a, b = Node(), Node()
a.other, b.other = b, a
print("refcount of a with the cycle:", sys.getrefcount(a), "(name + b.other + argument)")
print("after `del a, b` the count stays at 1 - lesson 4's garbage collector frees it")
