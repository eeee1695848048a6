"""Locks the restored interpreter down before any snippet runs (called by the worker first thing).

The modules that reach raw memory are not here at all: the snapshot builder took them out of the
interpreter's built-in table (raw-memory-modules.json). This hides the JS bridge modules and
reserves the audit hooks.
"""

import sys

HARNESS_MODULES = ("memtutor_harness", "memtutor_hints", "memtutor_lockdown")
JS_MODULES = ("js", "pyodide_js")


def _reserve(event, args):
    """The audit hook. It reads nothing but its arguments and constants, so rebinding its globals
    cannot change what it refuses, and replacing its code is one of the things it refuses.
    Refused: more audit hooks (they would run inside the measuring), replacing a function's code,
    and making code objects from anything but source (crafted bytecode reads raw memory)."""
    if (event == "sys.addaudithook" or event == "code.__new__" or event == "marshal.loads" or event == "marshal.load"
            or (event == "object.__setattr__" and args[1] == "__code__")):
        raise RuntimeError(f"{event} is not available in the memtutor sandbox")


def lock_down():
    """Called by the worker right after the interpreter is restored, before anything else."""
    from pyodide.ffi import JsProxy

    # js and pyodide_js are unregistered by the worker; their submodules (pyodide_js._api is Pyodide's
    # whole internal API) and any other module that is really a JS object must go too.
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in JS_MODULES or isinstance(module, JsProxy):
            sys.modules[name] = None
    sys.dont_write_bytecode = True
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)
    for name in HARNESS_MODULES:
        sys.modules.pop(name, None)
    sys.addaudithook(_reserve)
