"""The step-through trace (docs/picture.md, "Step-through: the trace"): what each executed line of the
program did to its names and objects, recorded while the program runs.

Compiled after the measuring's primitives (safe, inspect, variables, graph_raw, graph, encode) into
TRACE_CODE and executed once per run, before the program starts, in a fresh namespace whose
builtins are the captured REFS. Inputs: SOURCE, CODE (the program's module code), USER_GLOBALS.
It claims sys.monitoring tool TRACE_TOOL with LINE, PY_RETURN and PY_YIELD events set locally on
the program's own code objects only, so library code never calls back.

The callbacks never run user code: names are read through dict.items and the frame-locals proxy's
C methods, lengths through the builtin type's own __len__, reprs through safe_repr. They keep no
reference to a program object between steps (only ids, labels and plain data), switch gc off while
they work (a collection would run the program's finalizers inside the recording) and take their
own allocations out of tracemalloc's current and peak (`accounted`). Each step is encoded to JSON
as it is recorded: strings are not tracked by gc, so the trace adds nothing for collections to scan.
After the program the worker calls trace_stop() (which leaves the trace's JSON in TRACE["json"])
and trace_memory(traced): tracemalloc's figures without the tracer's bytes.
"""

TRACE_TOOL = 5
TRACE_NAME = "memtutor"
# Keep in step with stepLimits in sandbox/steps.ts (tests/sandbox/steps.test.ts compares them).
STEP_LIMIT = 500
SNAPSHOT_LIMIT = 50
FRAME_LIMIT = 8
NAME_LIMIT = 16
CHANGE_LIMIT = 8
STEP_REPR = 80
JSON_LIMIT = 384 * 1024
STEP_TEXT = 48
CODE_LIMIT = 1000
# Room for the trace's closing brackets and flags around the steps and snapshots.
JSON_MARGIN = 128
# The tracer's own time in a run, at most: it is the program's time (the time limit counts it), so
# a program whose lines are costly to record (huge stacks, huge graphs) is traced only so far.
TIME_BUDGET_SECONDS = 1.0
MIDDLE_DOT = "\u00b7"

LINE, PY_RETURN, PY_YIELD = MONITORING_EVENTS
TRACED_EVENTS = LINE | PY_RETURN | PY_YIELD
PICTURED_CHANGES = ("bound", "rebound", "gone", "refs", "length")


def program_codes(code):
    """The module's code object and every code object nested in its constants (functions,
    classes, lambdas, generator expressions): the only code the tracer watches."""
    found = []
    stack = [code]
    while stack and len(found) < CODE_LIMIT:
        current = stack.pop()
        found.append(current)
        for constant in current.co_consts:
            if type(constant) is CodeType:
                stack.append(constant)
    return found


def collections_now():
    return [generation["collections"] for generation in gc_get_stats()]


CODES = program_codes(CODE)
CODE_IDS = {id(code): True for code in CODES}
OVERHEAD = reference_overhead()
GC_START = collections_now()
TRACE = {
    "recording": True, "cut": False, "interfered": False, "pending": None,
    "previous": {}, "labels": {}, "labelled": 0, "gc": [0, 0, 0],
    "steps": [], "snapshots": [], "chars": 0, "snapshot": None, "spent": 0.0,
    # The module's frame, seen on the first line: found without walking a deep stack.
    "module": None,
    # Bytes the tracer holds (its steps) and the program's own peak, for tracemalloc's figures.
    "excluded": 0, "peak": 0,
}


# --- recording -------------------------------------------------------------------------------


def shown_frames(frame):
    """(key, frame) pairs, outermost first: the module's frame (key 0) and the innermost calls of the
    program, up to FRAME_LIMIT (foreign frames, e.g. sorted() calling a key function, are skipped).
    A call's key is its frame object's id: CPython keeps one frame object per running call."""
    calls = []
    while frame is not None and len(calls) < FRAME_LIMIT - 1:
        code = frame.f_code
        if code is CODE:
            TRACE["module"] = frame
            break
        if id(code) in CODE_IDS:
            calls.append((id(frame), frame))
        frame = frame.f_back
    module = TRACE["module"]
    return ([(0, module)] if module is not None else []) + calls[::-1]


def frame_items(frame):
    """A frame's names and values through C methods only: a function's frame-locals proxy (its
    items() reads the fast locals directly), or the dict of the module or of a class body (a
    metaclass's __prepare__ may make that a dict subclass: read as a dict; any other mapping: none)."""
    names = frame.f_locals
    if type(names) is FrameLocalsProxy:
        return FrameLocalsProxy.items(names)
    return dict.items(names) if container_base(type(names)) is dict else ()


def index_frame(function, line, key, items, objects_by_id):
    """One frame as plain data with the ids of its values, adding each value to `objects_by_id`.
    A function of its own so that no local variable of the caller holds a value while counting."""
    names = []
    more = 0
    for name, value in items:
        if not is_reported(name, value):
            continue
        if len(names) >= NAME_LIMIT:
            more += 1
            continue
        objects_by_id[id(value)] = value
        names.append((short(name, STEP_TEXT), id(value)))
    return {"function": function, "line": line, "key": key, "names": names, "more": more}


def index_stack(stack, line, objects_by_id):
    """The shown frames (shown_frames) as plain data; `stack` None means the program has ended
    (module names only)."""
    if stack is None:
        return [index_frame("<module>", line, 0, dict.items(USER_GLOBALS), objects_by_id)]
    frames = []
    for key, shown in stack:
        code = shown.f_code
        function = "<module>" if code is CODE else plain_text(code.co_name, STEP_TEXT)
        where = line_number(shown.f_lineno) or line
        frames.append(index_frame(function, where, key, frame_items(shown), objects_by_id))
    return frames


def length_of(o):
    """len() of a builtin container or text (subclasses too) through the builtin type's own
    __len__, never the program's; None for other objects."""
    t = type(o)
    base = container_base(t)
    if base is None:
        for text_type in TEXTS:
            if t is text_type or inherits(t, text_type):
                base = text_type
    return None if base is None else base.__len__(o)


def label_of(oid, labels):
    """The object's short label: kept while the object stays in view, so one object keeps one
    label; an id seen again after it left the view may be a new object, so it gets a new label."""
    label = TRACE["labels"].get(oid)
    if label is None:
        TRACE["labelled"] += 1
        label = "o" + int.__repr__(TRACE["labelled"])
    labels[oid] = label
    return label


def shown_name(frame, name):
    """A module name as it is; a call's local as `function·name`."""
    return name if frame["key"] == 0 else short(frame["function"] + MIDDLE_DOT + name, STEP_TEXT)


def describe_names(frames, objects_by_id, counts):
    """Fills each frame's names in; returns {(frame key, name): (shown name, label, type, refs, length)}."""
    labels = {}
    state = {}
    for frame in frames:
        rows = []
        for name, oid in frame["names"]:
            value = objects_by_id[oid]
            kind = short(type_name(type(value)), STEP_TEXT)
            row = {"name": name, "type": kind, "object": label_of(oid, labels), "refs": counts[oid],
                   "length": length_of(value), "repr": safe_repr(value, STEP_REPR)}
            rows.append(row)
            shown = shown_name(frame, name)
            state[(frame["key"], name)] = (shown, row["object"], kind, row["refs"], row["length"])
        frame["rows"] = rows
    TRACE["labels"] = labels
    return state


def changes_between(previous, current):
    """What the line did to the names, in the order bound, rebound, gone, refs, length."""
    bound, rebound, gone, refs, lengths = [], [], [], [], []
    for key, now in current.items():
        before = previous.get(key)
        if before is None:
            bound.append({"kind": "bound", "name": now[0], "type": now[2]})
        elif before[1] != now[1]:
            rebound.append({"kind": "rebound", "name": now[0], "type": now[2]})
        else:
            if before[3] is not None and now[3] is not None and before[3] != now[3]:
                refs.append({"kind": "refs", "name": now[0], "from": before[3], "to": now[3]})
            if before[4] is not None and now[4] is not None and before[4] != now[4]:
                lengths.append({"kind": "length", "name": now[0], "from": before[4], "to": now[4]})
    for key, before in previous.items():
        if key not in current:
            gone.append({"kind": "gone", "name": before[0]})
    return bound + rebound + gone + refs + lengths


def collections_since_start():
    now = collections_now()
    return [max(0, now[g] - GC_START[g]) for g in range(len(now))][:3]


def gc_changes(so_far):
    found = [{"kind": "collected", "generation": g} for g in range(len(so_far)) if so_far[g] > TRACE["gc"][g]]
    TRACE["gc"] = so_far
    return found


def picture(frames, objects_by_id, counts):
    """The step's graph, extracted and folded as the report's own: the module's names and the
    innermost call's locals (`add·x`). Named objects take the step's calibrated counts."""
    visible = {}
    for frame in (frames[0], frames[-1]) if len(frames) > 1 else frames:
        for name, oid in frame["names"]:
            visible[shown_name(frame, name)] = objects_by_id[oid]
    state = {}
    live_graph(visible, state)
    visible.clear()
    raw = state["objects"]
    for oid, label in state["labels"].items():
        if label in raw and oid in counts and counts[oid] is not None:
            raw[label]["refs"] = counts[oid]
    mark_cycles(raw)
    return fold_graph({"roots": state["roots"], "objects": raw})


def record(stack, line):
    """One step: the stack after `line` ran, what changed, and a picture when names or counts moved."""
    if len(TRACE["steps"]) >= STEP_LIMIT:
        cut()
        return
    objects_by_id = {}
    frames = index_stack(stack, line, objects_by_id)
    counts = {oid: None if is_immortal(objects_by_id[oid]) else held(objects_by_id, oid) - OVERHEAD for oid in objects_by_id}
    state = describe_names(frames, objects_by_id, counts)
    so_far = collections_since_start()
    changes = changes_between(TRACE["previous"], state) + gc_changes(so_far)
    TRACE["previous"] = state
    pictured = None
    if len(TRACE["snapshots"]) < SNAPSHOT_LIMIT and any(c["kind"] in PICTURED_CHANGES for c in changes):
        pictured = encoded(picture(frames, objects_by_id, counts))
    objects_by_id.clear()
    keep(line, frames, changes, so_far, pictured)


def keep(line, frames, changes, so_far, pictured):
    """Encodes the step (and its picture) and keeps them unless they would pass the size cap."""
    snapshot = len(TRACE["snapshots"]) if pictured is not None else TRACE["snapshot"]
    step = encoded({
        "line": line,
        "frames": [{"function": f["function"], "line": f["line"], "names": f["rows"], "moreNames": f["more"]} for f in frames],
        "changes": changes[:CHANGE_LIMIT], "moreChanges": max(0, len(changes) - CHANGE_LIMIT),
        "gc": so_far, "snapshot": snapshot,
    })
    added = len(step) + 1 + (len(pictured) + 1 if pictured is not None else 0)
    if TRACE["chars"] + added > JSON_LIMIT - JSON_MARGIN:
        cut()
        return
    TRACE["chars"] += added
    TRACE["steps"].append(step)
    if pictured is not None:
        TRACE["snapshots"].append(pictured)
    TRACE["snapshot"] = snapshot


def encoded(value):
    """JSON of plain data by the C encoder: a step in a fraction of the time of encode.py's to_json."""
    return "".join(encode_json(value, 0))


def cut():
    TRACE["cut"] = True
    stop_recording()


def stop_recording():
    if TRACE["recording"]:
        TRACE["recording"] = False
        try:
            for code in CODES:
                monitoring_set_local_events(TRACE_TOOL, code, 0)
        except Exception:  # the program freed the tool: raising here would raise in the program
            TRACE["interfered"] = True


# --- the callbacks ---------------------------------------------------------------------------


def accounted(next_line, exiting):
    """Records the pending line (the one that just ran), then waits for `next_line` (after a frame
    returned or yielded: the caller's line). Everything here, reading the frames included (a frame
    object is made on first access), is taken out of tracemalloc's figures: the bytes the step keeps
    are added to an excluded total and the peak is reset to what it was before the tracer allocated,
    after noting the program's own peak. gc is off meanwhile."""
    if not TRACE["recording"]:
        return
    current, peak = traced_memory()
    framed = 0
    started = perf_counter()
    TRACE["peak"] = max(TRACE["peak"], peak - TRACE["excluded"])
    collecting = gc_isenabled()
    gc_disable()
    try:
        if not callbacks_intact():
            TRACE["interfered"] = True
            TRACE["recording"] = False
            return
        # Frame objects are made on first access and freed when their calls end, in the program's
        # time: their bytes are left in the program's figures, so that they leave them again.
        before_frames = traced_memory()[0]
        frame = getframe(2)  # the program's frame: 0 is this one, 1 on_line or on_exit
        if exiting:
            next_line = caller_line(frame)
        stack = shown_frames(frame) if TRACE["pending"] is not None else None
        frame = None
        framed = traced_memory()[0] - before_frames
        if stack is not None:
            record(stack, TRACE["pending"])
        TRACE["pending"] = next_line
    except Exception:  # e.g. MemoryError, RecursionError: the program goes on, untraced from here
        cut()
    finally:
        if collecting:
            gc_enable()
        TRACE["excluded"] += traced_memory()[0] - current - framed
        tracemalloc_reset_peak()
        TRACE["spent"] += perf_counter() - started
        if TRACE["spent"] > TIME_BUDGET_SECONDS:
            cut()


def caller_line(frame):
    """The line of the program's frame that called (or resumed) `frame`; None when foreign code did."""
    caller = frame.f_back
    while caller is not None and id(caller.f_code) not in CODE_IDS:
        caller = caller.f_back
    return None if caller is None else line_number(caller.f_lineno)


def on_line(code, line):
    # Events come only from the program's code unless the program turned them on globally.
    if id(code) in CODE_IDS:
        accounted(line_number(line), False)


def on_exit(code, offset, value):
    """PY_RETURN and PY_YIELD: the frame's last line ran; the caller's line is pending again."""
    value = None
    if id(code) in CODE_IDS:
        accounted(None, True)


CALLBACKS = ((LINE, on_line), (PY_RETURN, on_exit), (PY_YIELD, on_exit))


def start():
    monitoring_use_tool_id(TRACE_TOOL, TRACE_NAME)
    for event, callback in CALLBACKS:
        monitoring_register_callback(TRACE_TOOL, event, callback)
    for code in CODES:
        monitoring_set_local_events(TRACE_TOOL, code, TRACED_EVENTS)


# --- after the program -----------------------------------------------------------------------


def callbacks_intact():
    """Whether the tracer's callbacks are still the ones registered (sys.monitoring has no getter:
    each is swapped in and the one found put back). A program's callback found this way is put back
    as the program left it: dropping it could run its finalizers here; the worker frees the tool
    later, on the program's clock. Checked on every event: a replaced LINE callback is only seen
    when a frame returns, and the steps after that point would be the program's doing."""
    intact = True
    for event, callback in CALLBACKS:
        found = monitoring_register_callback(TRACE_TOOL, event, callback)
        if found is not callback:
            intact = False
            monitoring_register_callback(TRACE_TOOL, event, found)
        found = None
    return intact


def interfered():
    """Whether the program freed, reused or reconfigured the tracer's tool, or replaced a callback."""
    if TRACE["interfered"]:
        return True
    if not is_text(monitoring_get_tool(TRACE_TOOL), TRACE_NAME) or monitoring_get_events(TRACE_TOOL) != 0:
        return True
    if not callbacks_intact():
        return True
    expected = TRACED_EVENTS if TRACE["recording"] else 0
    for code in CODES:
        if monitoring_get_local_events(TRACE_TOOL, code) != expected:
            return True
    return False


def trace_stop():
    """Right after the program returned: notes interference, records the last line (a program that
    raised never returned through PY_RETURN), switches the tracer's events off and encodes the trace,
    all outside tracemalloc's figures and with gc off (a collection would run the program's
    finalizers). The tool stays claimed, with no events, until the worker frees the program's tools
    after measuring: freeing one makes every code object allocate its monitoring data when it next
    runs, which tracemalloc, still on until the worker reads it, would count as the program's."""
    TRACE["module"] = None  # its frame object, counted as the program's, goes as it would have
    current = traced_memory()[0]
    collecting = gc_isenabled()
    gc_disable()
    try:
        TRACE["interfered"] = interfered()
        if not TRACE["interfered"]:
            pending = TRACE["pending"] if TRACE["recording"] else None
            stop_recording()
            if pending is not None:
                record(None, pending)
    except Exception:
        TRACE["interfered"] = True
    finally:
        if collecting:
            gc_enable()
    TRACE["recording"] = False
    TRACE["json"] = trace_json()
    TRACE["excluded"] += traced_memory()[0] - current
    tracemalloc_reset_peak()


def trace_memory(traced):
    """tracemalloc's (current, peak) for the program alone."""
    current = max(0, traced[0] - TRACE["excluded"])
    return (current, max(current, TRACE["peak"], traced[1] - TRACE["excluded"]))


def trace_json():
    return ("{\"steps\":[" + ",".join(TRACE["steps"]) + "],\"cut\":" + ("true" if TRACE["cut"] else "false")
            + ",\"interfered\":" + ("true" if TRACE["interfered"] else "false")
            + ",\"snapshots\":[" + ",".join(TRACE["snapshots"]) + "]}")


start()
