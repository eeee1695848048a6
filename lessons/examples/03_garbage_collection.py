"""03 - Garbage collection: freeing reference cycles.

Run: python 03_garbage_collection.py   (CPython 3.14, standard library only)
CPython 3.13, 3.14.5+ and 3.15 use a generational collector with three
generations, thresholds (2000, 10, 10); 3.14.0-3.14.4 (this sandbox runs
3.14.2) used an incremental one, (2000, 10, 0). Print, don't assume.
"""
import gc
import weakref


def section(title):
    print(f"\n=== {title} ===")


class Node:
    def __init__(self, name):
        self.name = name
        self.partner = None


def make_cycle():
    """Two nodes that refer to each other; returns a weak watcher of one."""
    a, b = Node("a"), Node("b")
    a.partner, b.partner = b, a
    return weakref.ref(a)


section("Collector settings")
print("enabled:", gc.isenabled())
print("thresholds:", gc.get_threshold())
print("counts:", gc.get_count(), "(first: new containers since the last collection)")

section("A cycle survives reference counting")
gc.collect()                       # start clean
watch = make_cycle()               # the function returned; no names left
print("alive after the function returned:", watch() is not None)
found = gc.collect()
print("gc.collect() found", found, "unreachable objects")
print("alive after collect:", watch() is not None)

section("Collections by generation (numbers depend on the version)")
for generation, stats in enumerate(gc.get_stats()):
    print(f"generation {generation}: {stats}")

section("Automatic collection: allocate past the threshold")
started = []


def on_gc(phase, info):
    if phase == "start":
        started.append(info["generation"])


gc.collect()
gc.callbacks.append(on_gc)         # documented hook: called around every collection
watchers = [make_cycle() for _ in range(5_000)]   # 10000 new Node objects
gc.callbacks.remove(on_gc)
print("automatic collections while allocating:", len(started))
freed = sum(w() is None for w in watchers)
print(f"cycles freed without calling gc.collect(): {freed} of {len(watchers)}")
print("(the rest wait for a later collection; the incremental collector of 3.14.2")
print(" reaches new cycles a piece at a time, so the share depends on the version)")

section("Disabling only stops the cycle collector")
gc.disable()
plain = Node("plain")
plain_watch = weakref.ref(plain)
del plain
print("non-cyclic object freed while disabled:", plain_watch() is None)
leaked = make_cycle()
print("cycle freed while disabled:", leaked() is None)
gc.enable()
gc.collect()
print("cycle freed after enable + collect:", leaked() is None)

section("Cycles with __del__ are collected too (since Python 3.4)")


class WithFinalizer(Node):
    def __del__(self):
        print(f"  [finalizer ran for {self.name}]")


x, y = WithFinalizer("x"), WithFinalizer("y")
x.partner, y.partner = y, x
del x, y
print("collected:", gc.collect(), "| gc.garbage:", gc.garbage)
