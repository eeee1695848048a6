"""The measuring's entry point (last of the measure/*.py files): one phase per execution.

The worker runs the measure code in a fresh namespace for each phase, with these inputs:
  "error"    OUTCOME (the dict whose "error" is what the program raised)
                                                     → RESULT: the error as JSON (no user code)
  "measure"  USER_GLOBALS, CLASS_LINES, BEFORE_COUNT, BEFORE_STATS and what the worker read the
             instant the program returned (COUNT_AFTER, STATS_AFTER, GC_ENABLED, TRACED, TRACES)
                                                     → RESULT: variables, gc, memory, cycles (JSON)
  "garbage"  GARBAGE_LIST (gc.garbage), ALREADY: past that index are the objects the final
             collection found (saved by DEBUG_SAVEALL) → RESULT: their cycles and the folded graph (JSON)
  GRAPH_STATE (both) plain data the graph's two halves share (measure/graph_raw.py)
Every phase gets SOURCE. RESULT is a str, sealed before the worker reads it; the namespace (and
with it any reference to the program's objects) is only cleared after that.
"""

TRACEBACK_FRAMES = 100


def flush_streams():
    for stream in (STDOUT, STDERR):
        try:
            type(stream).flush(stream)
        except Exception:
            pass


def error_message(error, t):
    args = BaseException.__dict__["args"].__get__(error, t)
    if len(args) == 1 and type(args[0]) is str:
        return short(args[0], MESSAGE_CHARS)
    return "" if not len(args) else safe_repr(args, 200)


def describe_error(error):
    """Type, message, line and a traceback of the snippet's own frames, without calling user code."""
    t = type(error)
    message = error_message(error, t)
    frames = []
    line = None
    tb = BaseException.__dict__["__traceback__"].__get__(error, t)
    while tb is not None:
        code = tb.tb_frame.f_code
        if is_text(code.co_filename, SNIPPET):
            n = line_number(tb.tb_lineno)
            where = int.__repr__(n) if n is not None else "?"
            frames.append('  File "<snippet>", line ' + where + ", in " + plain_text(code.co_name, NAME_CHARS)
                          + "\n    " + line_text(n))
            if len(frames) > 2 * TRACEBACK_FRAMES:
                del frames[:TRACEBACK_FRAMES]
            line = n if n is not None else line
        tb = tb.tb_next
    name = type_name(t)
    head = "Traceback (most recent call last):\n" + "\n".join(frames) + "\n" if frames else ""
    text = head + name + (": " + message if message else "")
    if len(text) > TRACEBACK_CHARS:
        text = ELLIPSIS + "\n" + text[len(text) - TRACEBACK_CHARS + 2:]
    return {"type": name, "message": message, "line": line, "traceback": text}


def measure():
    rows, more, order, objects_by_id, names_by_id = variables_of(USER_GLOBALS)
    cycles, attributes = find_cycles([objects_by_id[i] for i in order], names_by_id)
    return {
        "variables": rows, "moreVariables": more, "cycles": cycles, "cycleAttributes": attributes,
        "gc": {"enabled": GC_ENABLED, "countBefore": list(BEFORE_COUNT), "countAfter": list(COUNT_AFTER),
               "collections": [a["collections"] - b for a, b in zip(STATS_AFTER, BEFORE_STATS)]},
        "memory": memory_part(),
        "manyInstances": many_instances(CLASS_LINES) if CLASS_LINES else [],
    }


def memory_part():
    """tracemalloc's figures, or None when the harness did not trace (the program uses tracemalloc
    itself) or the program stopped the tracing: zeros would be a false measurement."""
    if TRACED is None:
        return None
    return {"current": TRACED[0], "peak": TRACED[1], "top": top_lines(TRACES if TRACES is not None else [])}


def describe_garbage(found):
    """Cycles among the unreachable objects of the program's own classes (e.g. after `del a, b`),
    and how many of the found objects were the program's."""
    mine = [o for o in found if is_user_type(type(o)) and not is_leaf(type(o))]
    cycles, attributes = find_cycles(mine, {})
    return {"cycles": cycles, "cycleAttributes": attributes, "collectedMine": programs_share(found)}


def made_by_program(o):
    """Instances and classes of the classes the source defines, and functions compiled from it."""
    t = type(o)
    if t is FunctionType:
        return is_text(function_code(o).co_filename, SNIPPET)
    kind = o if is_class(t) else t
    return is_user_type(kind) and type_name(kind) in CLASS_LINES


def made_elsewhere(o):
    """Functions, classes and modules that are not the program's: garbage of an import."""
    t = type(o)
    return (t is FunctionType or t is ModuleType or is_class(t)) and not made_by_program(o)


def programs_share(found):
    """Objects in the program's clumps of garbage: a clump (objects linked by references) is the
    program's when it holds something the program made, or nothing made elsewhere (a bare list
    cycle). Referents come from tp_traverse: no user code."""
    where = {id(o): i for i, o in enumerate(found)}
    parent = list(range(len(found)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, o in enumerate(found):
        for r in gc_get_referents(o):
            j = where.get(id(r))
            if j is not None:
                parent[root(i)] = root(j)
    ours, theirs = set(), set()
    for i, o in enumerate(found):
        if made_by_program(o):
            ours.add(root(i))
        elif made_elsewhere(o):
            theirs.add(root(i))
    return sum(1 for i in range(len(found)) if root(i) in ours or root(i) not in theirs)


if PHASE == "error":
    RESULT = to_json(describe_error(OUTCOME["error"]))
elif PHASE == "measure":
    flush_streams()
    RESULT = to_json(measure())
    live_graph(USER_GLOBALS, GRAPH_STATE)
else:
    FOUND = GARBAGE_LIST[ALREADY:]
    del GARBAGE_LIST[ALREADY:]
    RESULT = to_json({**describe_garbage(FOUND), "graph": freed_graph(FOUND, GRAPH_STATE)})
