// Red team, persistence across runs: one run plants files, modules, builtins, interpreter settings
// and JS globals; every later run (on either child of the pool, for any user) sees none of it.
import { describe, expect, it } from 'vitest';
import { sandboxForFile } from '../helpers.js';
import { py, redteamSandbox, run } from './helpers.js';

const sandbox = sandboxForFile(() => redteamSandbox({ timeoutMs: 2000 }));

/** A module the pristine interpreter has not imported yet (checked by the first test). */
const FRESH_MODULE = 'colorsys';

const PLANT = py(
  'import builtins, gc, os, sys, json',
  'open("/tmp/x", "w").write("planted")',
  'open("/home/pyodide/planted.txt", "w").write("planted")',
  'os.environ["PLANTED"] = "1"',
  'os.chdir("/tmp")',
  'builtins.evil = "planted"',
  'sys.modules["os"] = "hijacked"',
  'json.dumps = lambda *a, **k: "forged"',
  `import ${FRESH_MODULE}`,
  'sys.path.insert(0, "/tmp/evil")',
  'sys.set_int_max_str_digits(640)',
  'gc.disable()',
  'gc.set_threshold(1, 1, 1)',
  'gc.callbacks.append(lambda *a: print("PLANTED CALLBACK"))',
  'import atexit',
  'atexit.register(print, "PLANTED ATEXIT")',
  'try:',
  '    from pyodide.ffi import to_js',
  '    to_js({}).constructor.prototype.planted = "polluted"',
  '    to_js({}).constructor.planted = "polluted"',
  '    api = sys.modules.get("pyodide_js._api")',
  '    if api is not None:',
  '        api.planted = "polluted"',
  '        api.public_api.planted = "polluted"',
  'except ImportError:',
  '    pass',
  '# Last, since they break imports in the rest of this run:',
  'sys.setrecursionlimit(60)',
  'builtins.len = lambda o: 42',
  'print("planted", os.path.exists("/tmp/x"), evil, len([]))',
);

const INSPECT = py(
  'import builtins, gc, os, sys, json',
  'print("tmp", os.path.exists("/tmp/x"), os.path.exists("/home/pyodide/planted.txt"))',
  'print("env", "PLANTED" in os.environ, "cwd", os.getcwd())',
  'print("builtins", hasattr(builtins, "evil"), builtins.len([1, 2]))',
  'print("os", type(sys.modules["os"]).__name__, "json", json.dumps([1]))',
  `print("module", ${JSON.stringify(FRESH_MODULE)} in sys.modules, "/tmp/evil" in sys.path)`,
  'print("limits", sys.getrecursionlimit(), sys.get_int_max_str_digits())',
  'print("gc", gc.isenabled(), gc.get_threshold(), len(gc.callbacks))',
  'try:',
  '    from pyodide.ffi import to_js',
  '    o = to_js({})',
  '    api = sys.modules.get("pyodide_js._api")',
  '    print("js", getattr(o, "planted", None), getattr(o.constructor, "planted", None),',
  '          getattr(api, "planted", None) if api is not None else None,',
  '          getattr(api.public_api, "planted", None) if api is not None else None)',
  'except ImportError:',
  '    print("js None None None None")',
);

const PRISTINE = [
  'tmp False False',
  'env False cwd /home/pyodide',
  'builtins False 2',
  'os module json [1]',
  'module False False',
  'limits 1000 4300',
  'gc True (2000, 10, 0) 0',
  'js None None None None',
].join('\n');

describe('nothing survives a run', () => {
  it('the pristine interpreter looks as expected (baseline)', async () => {
    const report = await run(sandbox, INSPECT);
    expect(report.status).toBe('ok');
    expect(report.stdout.trim()).toBe(PRISTINE);
  });

  it('the plant run itself succeeds, so the later checks mean something', async () => {
    const report = await run(sandbox, PLANT, 'planter');
    expect(report.status, report.error?.message).toBe('ok');
    expect(report.stdout).toContain('planted True planted 42\n');
    expect(report.stdout).not.toContain('PLANTED ATEXIT');
  });

  it('files, modules, builtins, settings and JS globals are gone on every child, for the same and other users', async () => {
    await run(sandbox, PLANT, 'planter');
    // Sequential runs alternate over both children of the pool; concurrent ones use both at once.
    const sequential = [];
    for (const user of ['planter', 'other', 'planter', 'other']) sequential.push(await run(sandbox, INSPECT, user));
    const concurrent = await Promise.all([run(sandbox, INSPECT, 'a'), run(sandbox, INSPECT, 'b')]);
    for (const report of [...sequential, ...concurrent]) {
      expect(report.status).toBe('ok');
      expect(report.stdout.trim()).toBe(PRISTINE);
    }
  });

  it('a run that was killed (timeout) leaves nothing behind either', async () => {
    const report = await run(sandbox, PLANT + 'while True: pass\n', 'planter');
    expect(report.status).toBe('timeout');
    const after = await run(sandbox, INSPECT, 'planter');
    expect(after.stdout.trim()).toBe(PRISTINE);
  }, 20_000);

  it('a variable of one run is not visible in the next', async () => {
    await run(sandbox, 'leftover = [1, 2, 3]\n');
    const report = await run(sandbox, 'print("leftover" in globals(), "leftover" in dir(__import__("builtins")))\n');
    expect(report.stdout).toBe('False False\n');
    expect(report.variables).toEqual([]);
  });
});
