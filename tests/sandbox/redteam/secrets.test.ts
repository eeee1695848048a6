// Red team, secrets and host access: the bot's environment, host files, child processes, the JS
// Function constructor through any JS object Python can reach, and host filesystem mounts.
// Each snippet tries an escape and prints ESCAPED only if it worked; the tests assert it never does.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../sandbox/index.js';
import { ESCAPED_PY, REPO_ROOT, SECRET_NAME, SECRET_VALUE, expectHealthy, expectNoSecret, hostTempDir, isAlive, py, pyString, redteamSandbox, run } from './helpers.js';

let sandbox: Sandbox;
let hostDir: string;

beforeAll(async () => {
  hostDir = hostTempDir();
  // Generous: the walk over every reachable JS object below takes a few seconds in WebAssembly.
  sandbox = redteamSandbox({ timeoutMs: 20_000 });
  await sandbox.start();
}, 120_000);

afterAll(async () => {
  await sandbox.close();
  rmSync(hostDir, { recursive: true, force: true });
});

/** Python that tries `attempt` (an expression) and prints its result after ESCAPED, or the error. */
function attempt(label: string, expression: string): string {
  return py('try:', `    print(${ESCAPED_PY}, ${pyString(label)}, ${expression})`, 'except BaseException as e:', `    print("blocked", ${pyString(label)}, type(e).__name__)`);
}

/** Python helper the JS-escape snippets share: tries the Function constructor on one JS object. */
const TRY_FUNCTION_CONSTRUCTOR = py(
  'attempts = 0',
  'def escape(o, where):',
  '    global attempts',
  '    attempts += 1',
  '    for make in (lambda F: F("return process")(), lambda F: F.new("return process")(), lambda F: F.call(None, "return globalThis")().process):',
  '        try:',
  '            p = make(o.constructor.constructor)',
  `            print(${ESCAPED_PY}, where, p.env.${SECRET_NAME}, p.pid)`,
  '        except BaseException:',
  '            pass',
);

describe('the bot environment', () => {
  it('the sandbox sees neither the secret nor the bot environment in os.environ', async () => {
    expect(process.env[SECRET_NAME]).toBe(SECRET_VALUE);
    const report = await run(sandbox, py('import os', 'print(sorted(os.environ))', `print(os.environ.get(${pyString(SECRET_NAME)}))`, 'print(os.getenv("PATH"))'));
    expectNoSecret(report);
    expect(report.status).toBe('ok');
    expect(report.stdout).not.toContain(SECRET_NAME);
    expect(report.stdout).toContain('None');
    // Pyodide's own fake environment, not the host's PATH.
    expect(report.stdout).not.toContain(process.env.PATH ?? '/usr/bin');
  });

  it('/proc/self/environ of the sandbox and /proc/<pid>/environ of the bot are unreadable', async () => {
    const report = await run(
      sandbox,
      py(
        'import os',
        `for pid in ("self", os.getppid(), ${process.pid}, ${process.ppid}, 1):`,
        '    try:',
        '        data = open(f"/proc/{pid}/environ", "rb").read()',
        `        print(${ESCAPED_PY}, pid, data[:200])`,
        '    except BaseException as e:',
        '        print("blocked", pid, type(e).__name__)',
      ),
    );
    expectNoSecret(report);
    expect(report.stdout.match(/^blocked /gm)).toHaveLength(5);
  });

  it('/proc/self/cmdline and /proc/self/status do not leak the host command line', async () => {
    const report = await run(sandbox, attempt('cmdline', 'open("/proc/self/cmdline", "rb").read()') + attempt('status', 'open("/proc/self/status").read()[:200]'));
    expectNoSecret(report);
    expect(report.stdout).not.toContain(REPO_ROOT);
    expect(report.stdout).not.toContain('node');
  });
});

describe('host files', () => {
  it('cannot read /etc/passwd or the repository package.json', async () => {
    const report = await run(
      sandbox,
      attempt('passwd', 'open("/etc/passwd").read()[:100]') +
        attempt('package', `open(${pyString(path.join(REPO_ROOT, 'package.json'))}).read()[:200]`) +
        attempt('listing', `os.listdir(${pyString(REPO_ROOT)})`).replace('try:', 'import os\ntry:'),
    );
    expectNoSecret(report);
    expect(report.stdout).not.toContain('root:');
    expect(report.stdout).not.toContain('memtutor');
    expect(report.stdout.match(/^blocked /gm)).toHaveLength(3);
  });

  it('cannot write a file into a host directory by absolute path', async () => {
    const target = path.join(hostDir, 'pwned.txt');
    const report = await run(
      sandbox,
      py(
        'import os',
        'try:',
        `    os.makedirs(${pyString(hostDir)}, exist_ok=True)`,
        `    with open(${pyString(target)}, "w") as f: f.write("owned")`,
        '    print("wrote inside the sandbox only")',
        'except BaseException as e:',
        '    print("blocked", type(e).__name__)',
      ),
    );
    expect(['ok', 'error']).toContain(report.status);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(hostDir)).toEqual([]);
  });

  it('the sandbox file system is Pyodide\'s in-memory one, not the host\'s', async () => {
    const report = await run(sandbox, py('import os', 'print(sorted(os.listdir("/")))', 'print(os.getcwd())'));
    expect(report.status).toBe('ok');
    const hostRoot = readdirSync('/');
    for (const hostOnly of hostRoot.filter((name) => !['tmp', 'home', 'dev', 'proc', 'lib'].includes(name))) {
      expect(report.stdout).not.toContain(`'${hostOnly}'`);
    }
  });
});

describe('child processes', () => {
  it('os.system cannot run a host command', async () => {
    const marker = path.join(hostDir, 'system');
    const report = await run(sandbox, attempt('system', `__import__("os").system("touch ${marker}; id")`));
    expect(report.status).not.toBe('ok');
    expect(report.stdout).not.toContain('uid=');
    expect(existsSync(marker)).toBe(false);
  });

  it('subprocess, fork, posix_spawn, spawnv and exec all fail', async () => {
    const marker = path.join(hostDir, 'spawned');
    const report = await run(
      sandbox,
      py('import os') +
        attempt('subprocess', `__import__("subprocess").run(["touch", ${pyString(marker)}], capture_output=True)`) +
        attempt('popen', `__import__("subprocess").Popen(["/bin/sh", "-c", "id"])`) +
        attempt('fork', 'os.fork()') +
        attempt('posix_spawn', `os.posix_spawn("/bin/touch", ["touch", ${pyString(marker)}], {})`) +
        attempt('spawnv', `os.spawnv(os.P_WAIT, "/bin/touch", ["touch", ${pyString(marker)}])`) +
        attempt('execv', `os.execv("/bin/touch", ["touch", ${pyString(marker)}])`),
    );
    expect(report.status).toBe('ok');
    expect(report.stdout.match(/^blocked /gm)).toHaveLength(6);
    expect(report.stdout).not.toContain('uid=');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('JavaScript from Python', () => {
  it('import js and import pyodide_js fail', async () => {
    const report = await run(sandbox, attempt('js', '__import__("js").process.env') + attempt('pyodide_js', '__import__("pyodide_js")._api'));
    expectNoSecret(report);
    expect(report.stdout).toContain('blocked js ModuleNotFoundError');
    expect(report.stdout).toContain('blocked pyodide_js ModuleNotFoundError');
  });

  it('pyodide.code.run_js and pyodide.ffi cannot reach process', async () => {
    const report = await run(
      sandbox,
      attempt('run_js', '__import__("pyodide.code", fromlist=["run_js"]).run_js("process.env")') +
        attempt('jsglobals', '__import__("pyodide.ffi", fromlist=["x"]).to_js({}).constructor.constructor("return process")().env') +
        attempt('code_eval', '__import__("pyodide").code.eval_code("import js; js.process.env")'),
    );
    expectNoSecret(report);
    expect(report.stdout.match(/^blocked /gm)).toHaveLength(3);
  });

  // F1 (fixed): `sys.modules['pyodide_js._api']` is a live JsProxy of Pyodide's internal API object.
  it('no module in sys.modules is a JS object (js and pyodide_js are gone, submodules included)', async () => {
    const report = await run(
      sandbox,
      py(
        'import sys',
        'bad = sorted(k for k, v in list(sys.modules.items())',
        '             if v is not None and ("JsProxy" in type(v).__name__ or k.split(".")[0] in ("js", "pyodide_js")))',
        'print("bad", bad)',
      ),
    );
    expect(report.status).toBe('ok');
    expect(report.stdout).toBe('bad []\n');
  });

  it('the Function constructor of every JS object found in sys.modules fails', async () => {
    const report = await run(
      sandbox,
      TRY_FUNCTION_CONSTRUCTOR +
        py(
          'import sys',
          'for name, module in list(sys.modules.items()):',
          '    if module is not None and "Js" in type(module).__name__:',
          '        escape(module, name)',
          '    for key, value in list(getattr(module, "__dict__", {}).items()):',
          '        if "Js" in type(value).__name__ and not isinstance(value, type):',
          '            escape(value, f"{name}.{key}")',
          'try:',
          '    from pyodide.ffi import to_js, create_proxy',
          '    for o in (to_js({}), to_js([1]), create_proxy(len)):',
          '        escape(o, "to_js")',
          'except ImportError:',
          '    pass',
          'print("attempts", attempts)',
        ),
    );
    expectNoSecret(report);
    expect(report.status).toBe('ok');
    expect(report.stdout).toMatch(/^attempts \d+\n$/);
  });

  it('gc.get_objects() scans find no JS object that escapes', async () => {
    const report = await run(
      sandbox,
      TRY_FUNCTION_CONSTRUCTOR +
        py(
          'import gc',
          'def js_values(o):',
          '    if "Js" in type(o).__name__ and not isinstance(o, type):',
          '        yield o',
          '    items = o.values() if type(o) is dict else o if type(o) in (list, tuple) else ()',
          '    for v in list(items):',
          '        if "Js" in type(v).__name__ and not isinstance(v, type):',
          '            yield v',
          'for o in gc.get_objects():',
          '    for v in js_values(o):',
          '        escape(v, "gc")',
          'print("attempts", attempts)',
        ),
    );
    expectNoSecret(report);
    expect(report.status).toBe('ok');
  });

  it('walking type.__subclasses__ finds no JS object that escapes', async () => {
    const report = await run(
      sandbox,
      TRY_FUNCTION_CONSTRUCTOR +
        py(
          'seen, stack = set(), [object]',
          'while stack:',
          '    klass = stack.pop()',
          '    if klass in seen:',
          '        continue',
          '    seen.add(klass)',
          '    try:',
          '        stack.extend(type.__subclasses__(klass))',
          '    except TypeError:',
          '        pass',
          '    for value in list(vars(klass).values()):',
          '        if "Js" in type(value).__name__ and not isinstance(value, type):',
          '            escape(value, klass.__name__)',
          'print("classes", len(seen) > 100, "attempts", attempts)',
        ),
    );
    expectNoSecret(report);
    expect(report.status).toBe('ok');
    expect(report.stdout).toMatch(/^classes True attempts \d+\n$/);
  });

  it('a walk over every JS object reachable from Python finds no Node process, require, MessagePort or Function route', async () => {
    // Starts from whatever JS Python can still reach (JsProxy modules, as `pyodide_js._api` was before F1's fix, and pyodide.ffi.to_js objects)
    // and follows own data properties breadth first. Typed arrays (the wasm heap) are skipped: listing their
    // keys makes V8 abort the whole child (see the next test).
    const report = await run(
      sandbox,
      TRY_FUNCTION_CONSTRUCTOR +
        py(
          'import sys',
          'try:',
          '    from pyodide.ffi import to_js, JsProxy, JsBuffer, JsArray',
          'except ImportError:',
          '    to_js = None',
          'roots = []',
          'if to_js is not None:',
          '    roots = [(v, k) for k, v in list(sys.modules.items()) if isinstance(v, JsProxy)]',
          '    roots += [(to_js({}), "to_js({})"), (to_js([]), "to_js([])")]',
          '    Object = to_js({}).constructor',
          '    seen = to_js(set()).constructor.new()  # a JS Set: identity, not equality',
          'NODE_ONLY = {"pid", "kill", "binding", "getBuiltinModule", "mainModule", "postMessage", "require", "parentPort", "execPath", "dlopen"}',
          'visited, hits, queue = 0, [], list(roots)',
          'while queue and visited < 20000:',
          '    obj, path = queue.pop(0)',
          '    visited += 1',
          '    try:',
          '        names = [str(n) for n in Object.getOwnPropertyNames(obj)]',
          '    except Exception:',
          '        continue',
          '    found = NODE_ONLY.intersection(names)',
          '    # Wasm exports are named after libc (kill, dlopen): only a JS object with them matters.',
          '    if found and not path.endswith(("GOT", ".exports")):',
          '        hits.append((path, sorted(found)))',
          '    if visited < 50:',
          '        escape(obj, path)',
          '    for name in names:',
          '        if name in ("prototype", "caller", "arguments") or name.startswith("HEAP") or "Py" in name or "proxy" in name.lower():',
          '            continue',
          '        try:',
          '            descriptor = Object.getOwnPropertyDescriptor(obj, name)',
          '            value = descriptor.value if descriptor is not None else None',
          '        except Exception:',
          '            continue',
          '        if isinstance(value, JsBuffer) or (isinstance(value, JsArray) and value.length > 1000):',
          '            continue',
          '        if isinstance(value, JsProxy) and not seen.has(value):',
          '            seen.add(value)',
          '            queue.append((value, f"{path}.{name}"))',
          'print("roots", len(roots), "visited", visited > 0, "hits", hits)',
        ),
    );
    expectNoSecret(report);
    expect(report.status, report.error?.message).toBe('ok');
    expect(report.stdout).toMatch(/^roots (0 visited False|[1-9]\d* visited True) hits \[\]\n$/);
  }, 60_000);

  // F6 (fixed): the crash message used to carry the child's stderr tail (V8's native stack, host paths).
  it('a snippet that makes V8 abort the whole child is reported as crashed, without the child\'s stderr, and the pool recovers', async () => {
    // Listing the keys of a 50 MB typed array makes V8 give up on the whole process (fatal OOM), not just the worker.
    const report = await run(
      sandbox,
      py('from pyodide.ffi import to_js', 'to_js({}).constructor.getOwnPropertyNames(to_js(bytearray(50 * 2**20)))', 'print("survived")'),
    );
    expect(['crashed', 'error', 'memory_limit']).toContain(report.status);
    const text = JSON.stringify(report);
    expect(text).not.toContain(process.execPath);
    expect(text).not.toContain('v8::');
    expect(text).not.toContain('node:internal');
    expect(isAlive(process.pid)).toBe(true);
    await sandbox.start();
    await expectHealthy(sandbox);
  }, 60_000);

  it('ctypes and the raw-memory modules do not exist, by any import route', async () => {
    const report = await run(
      sandbox,
      py(
        'import sys, _imp, importlib, importlib.util, importlib.machinery as m',
        'ROUTES = {',
        '    "import": lambda n: __import__(n),',
        '    "importlib": lambda n: importlib.import_module(n),',
        '    "create_builtin": lambda n: _imp.create_builtin(m.ModuleSpec(n, None, origin="built-in")),',
        '    "finder": lambda n: importlib.util.module_from_spec(m.BuiltinImporter.find_spec(n)),',
        '    "fresh_meta_path": lambda n: (sys.meta_path.insert(0, m.BuiltinImporter), sys.modules.pop(n, None), __import__(n))[-1],',
        '}',
        'for name in ("ctypes", "_ctypes", "_testcapi", "_testinternalcapi", "_remote_debugging", "faulthandler"):',
        '    for route, load in ROUTES.items():',
        '        try:',
        '            module = load(name)',
        '            if module is None:',
        '                raise ImportError("no module")',
        `            print(${ESCAPED_PY}, name, route, module)`,
        '        except BaseException as e:',
        '            print("blocked", name, route, type(e).__name__)',
        'print("builtin:", _imp.is_builtin("_ctypes"), "_ctypes" in sys.builtin_module_names)',
      ),
    );
    expectNoSecret(report);
    expect(report.stdout).toContain('blocked _ctypes create_builtin');
    expect(report.stdout.match(/^blocked /gm)).toHaveLength(30);
    expect(report.stdout).toContain('builtin: 0 False');
  });

  // F10 (fixed): the refusal was a Python audit hook that gc.get_objects() found and rewrote. Now the
  // modules are out of the interpreter's built-in table, and the remaining hook cannot be rewritten.
  it('rewriting or removing every Python-level hook does not bring ctypes back', async () => {
    const report = await run(
      sandbox,
      py(
        'import gc, sys',
        'rewritten = 0',
        'for f in [o for o in gc.get_objects() if type(o).__name__ == "function" and "memtutor" in str(o.__globals__.get("__name__"))]:',
        '    try:',
        '        f.__code__ = (lambda *a, **k: None).__code__',
        '        rewritten += 1',
        '    except RuntimeError:',
        '        pass',
        '    for key in list(f.__globals__):',
        '        if key.isupper():',
        '            f.__globals__[key] = frozenset()',
        'sys.meta_path[:] = [f for f in sys.meta_path] + [__import__("importlib.machinery").machinery.BuiltinImporter]',
        'for name in ("ctypes", "_ctypes"):',
        '    sys.modules.pop(name, None)',
        'try:',
        '    import ctypes',
        `    print(${ESCAPED_PY}, ctypes.c_ssize_t.from_address(id(sys)).value)`,
        'except ImportError as e:',
        '    print("blocked", type(e).__name__, "rewritten", rewritten)',
      ),
    );
    expectNoSecret(report);
    expect(report.stdout).toBe('blocked ModuleNotFoundError rewritten 0\n');
  });

  it('code objects cannot be made from bytecode (crafted bytecode reads raw memory), nor audit hooks added', async () => {
    const report = await run(
      sandbox,
      py(
        'import sys, marshal',
        'code = compile("x = 1", "<x>", "exec")',
        'new = lambda: type(code)(0, 0, 0, 0, 0, 0, b"", (), (), (), "f", "n", "q", 1, b"", b"")',
        'for label, make in (("replace", lambda: code.replace(co_consts=(1, 2))), ("new", new),',
        '                    ("marshal", lambda: marshal.loads(marshal.dumps(code)))):',
        '    try:',
        '        make()',
        `        print(${ESCAPED_PY}, label)`,
        '    except RuntimeError as e:',
        '        print("refused", label)',
        // CPython drops a refused audit hook silently: what shows is that it is never called.
        'sys.addaudithook(lambda event, args: print("HOOKED", event))',
        'open("/tmp/probe", "w").close()',
      ),
    );
    expectNoSecret(report);
    expect(report.stdout).toBe('refused replace\nrefused new\nrefused marshal\n');
  });
});

describe('host file system mounts', () => {
  it('neither mountNodeFS nor a raw NODEFS mount exposes a host directory, even through any reachable Pyodide API', async () => {
    const report = await run(
      sandbox,
      py(
        'import os, sys',
        'apis = []',
        'api = sys.modules.get("pyodide_js._api")',
        'if api is not None:',
        '    apis.append(api.public_api)',
        'try:',
        '    import pyodide_js',
        '    apis.append(pyodide_js)',
        'except ImportError:',
        '    pass',
        'for n, p in enumerate(apis):',
        '    for how in ("mountNodeFS", "NODEFS"):',
        '        mount = f"/mnt{n}{how}"',
        '        try:',
        '            os.makedirs(mount, exist_ok=True)',
        '            if how == "mountNodeFS":',
        `                p.mountNodeFS(mount, ${pyString(REPO_ROOT)})`,
        '            else:',
        '                from pyodide.ffi import to_js',
        '                Object = to_js({}).constructor',
        `                p.FS.mount(p.FS.filesystems.NODEFS, to_js({"root": ${pyString(REPO_ROOT)}}, dict_converter=Object.fromEntries), mount)`,
        `            print(${ESCAPED_PY}, how, os.listdir(mount))`,
        '        except BaseException as e:',
        '            print("blocked", how, type(e).__name__)',
        'print("apis", len(apis))',
      ),
    );
    expectNoSecret(report);
    expect(report.stdout).not.toContain('package.json');
  });

  it('cannot read a host file through Pyodide\'s loadBinaryFile (the permission model refuses it)', async () => {
    const report = await run(
      sandbox,
      py(
        'import sys',
        'api = sys.modules.get("pyodide_js._api")',
        'def show(future):',
        '    try:',
        `        print(${ESCAPED_PY}, bytes(future.result().to_py())[:50])`,
        '    except BaseException as e:',
        '        print("blocked", type(e).__name__, str(e)[:80])',
        'if api is not None:',
        `    for target in ("/etc/passwd", ${pyString(path.join(REPO_ROOT, 'package.json'))}):`,
        '        api.loadBinaryFile(target).add_done_callback(show)',
        'print("done")',
      ),
    );
    expectNoSecret(report);
    expect(report.stdout).not.toContain('root:');
    expect(report.stdout).not.toContain('memtutor');
    expect(report.stdout).toContain('done');
  });
});
