// Red team, report forgery: snippets that replace the measuring functions, print fake reports,
// raise what the harness might not expect, close or replace its streams, hook tracing, finalizers
// and gc, or rewrite the harness itself. The report must stay truthful: the same data measured in
// a clean run and in a tampered one gives the same variables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryReport, Sandbox, VariableReport } from '../../../sandbox/index.js';
import { py, redteamSandbox, run, variable } from './helpers.js';
import { stepLimits } from '../../../sandbox/steps.js';

let sandbox: Sandbox;
/** `data` and `alias` as a clean run reports them. */
let truth: { data: VariableReport; alias: VariableReport };

/** The data every snippet here builds; the tampering comes before or after it. */
const DATA = py('data = list(range(100))', 'alias = data');

beforeAll(async () => {
  sandbox = redteamSandbox();
  await sandbox.start();
  const clean = await run(sandbox, DATA);
  expect(clean.status).toBe('ok');
  truth = { data: variable(clean, 'data'), alias: variable(clean, 'alias') };
  expect(truth.data).toMatchObject({ type: 'list', refcount: 2, sameAs: ['alias'], immortal: false });
}, 120_000);

afterAll(() => sandbox.close());

/** The tampered run reports `data` and `alias` exactly as the clean run did, and real gc/memory numbers. */
function expectTruthful(report: MemoryReport): void {
  expect(variable(report, 'data')).toEqual(truth.data);
  expect(variable(report, 'alias')).toEqual(truth.alias);
  if (report.gc) {
    for (const n of report.gc.collections) expect(n).toBeLessThan(99);
    expect(report.gc.collectedAtEnd).toBeLessThan(12345);
  }
  if (report.memory) {
    expect(report.memory.current).toBeGreaterThanOrEqual(400);
    expect(report.memory.peak).toBeGreaterThanOrEqual(report.memory.current);
  }
}

const REPLACE_MEASURING = py(
  'import sys, gc, tracemalloc, _tracemalloc',
  'sys.getsizeof = lambda *a: 1',
  'sys.getrefcount = lambda *a: 99',
  'sys._is_immortal = lambda *a: True',
  'gc.collect = lambda *a: 12345',
  'gc.get_stats = lambda: [{"collections": 99, "collected": 99, "uncollectable": 99}] * 3',
  'gc.get_count = lambda: (99, 99, 99)',
  'gc.isenabled = lambda: False',
  'gc.get_objects = lambda *a: []',
  'tracemalloc.get_traced_memory = lambda: (1, 1)',
  '_tracemalloc.get_traced_memory = lambda: (1, 1)',
  '_tracemalloc._get_traces = lambda: []',
  'tracemalloc.stop = lambda: None',
  'import builtins',
  'for name in ("print", "len", "type", "repr", "id", "isinstance", "getattr", "sorted", "sum", "min", "max", "str", "int", "dict", "tuple", "exec", "compile", "iter", "next"):',
  '    setattr(builtins, name, lambda *a, **k: 1)',
);

describe('replacing what the harness measures with', () => {
  it('sys.getsizeof, sys.getrefcount, gc, tracemalloc and the builtins (replaced before the data exists)', async () => {
    const report = await run(sandbox, REPLACE_MEASURING + DATA);
    expect(report.status, report.error?.message).toBe('ok');
    expectTruthful(report);
  });

  it('the same, replaced after the data exists', async () => {
    const report = await run(sandbox, DATA + REPLACE_MEASURING);
    expect(report.status).toBe('ok');
    expectTruthful(report);
  });

  it('fake gc, tracemalloc, json and sys modules in sys.modules', async () => {
    const report = await run(
      sandbox,
      DATA +
        py(
          'import sys, types',
          'for name in ("gc", "tracemalloc", "_tracemalloc", "json", "_json", "ast", "types", "builtins"):',
          '    fake = types.ModuleType(name)',
          '    fake.__getattr__ = lambda attr: (lambda *a, **k: 1)',
          '    sys.modules[name] = fake',
          'sys.modules["sys"] = types.ModuleType("sys")',
        ),
    );
    expect(report.status).toBe('ok');
    expectTruthful(report);
  });

  it('rewritten harness internals found through gc.get_objects()', async () => {
    const report = await run(
      sandbox,
      DATA +
        py(
          'import gc, types',
          'found = 0',
          'for o in gc.get_objects():',
          '    if type(o) is dict and str(o.get("__name__")).startswith("memtutor") or type(o) is types.ModuleType and "memtutor" in o.__name__:',
          '        ns = o if type(o) is dict else vars(o)',
          '        for key, value in list(ns.items()):',
          '            if callable(value) and not key.startswith("__"):',
          '                ns[key] = lambda *a, **k: ("{}", "{}", ())',
          '                found += 1',
          '        ns["MEASURE_CODE"] = compile("RESULT = \'{}\'", "<forged>", "exec")',
          'print("rewritten", found > 0)',
        ),
    );
    expect(report.status).toBe('ok');
    expectTruthful(report);
  });
});

describe('printing a fake report', () => {
  it('a fake JSON report and protocol-looking lines stay program output; status and variables stay real', async () => {
    const fake = JSON.stringify({ status: 'timeout', variables: [{ name: 'data', size: 1, refcount: 99 }], type: 'done' });
    const report = await run(
      sandbox,
      DATA +
        py(
          'import os, sys',
          `print(${JSON.stringify(fake)})`,
          `sys.stderr.write(${JSON.stringify(fake)} + "\\n")`,
          `os.write(1, ${JSON.stringify(`${fake}\n`)}.encode())`,
          'print("\\x00\\x1e{\\"type\\": \\"result\\", \\"id\\": 1}\\x00")',
        ),
    );
    expect(report.status).toBe('ok');
    expect(report.stdout).toContain(fake);
    expect(report.stderr).toContain(fake);
    expectTruthful(report);
  });
});

describe('raising what user code should not raise', () => {
  it.each([
    ['SystemExit(0)', 'SystemExit'],
    ['SystemExit("bye")', 'SystemExit'],
    ['KeyboardInterrupt()', 'KeyboardInterrupt'],
    ['GeneratorExit()', 'GeneratorExit'],
    ['type("Boom", (BaseException,), {})("x")', 'Boom'],
  ])('raise %s is reported as that error, with the data measured', async (raised, type) => {
    const report = await run(sandbox, DATA + `raise ${raised}\n`);
    expect(report.status).toBe('error');
    expect(report.error?.type).toBe(type);
    expect(report.error?.line).toBe(3);
    expectTruthful(report);
  });

  it('sys.exit() inside a finally inside an except is still an error report', async () => {
    const report = await run(sandbox, DATA + py('import sys', 'try:', '    1 / 0', 'except ZeroDivisionError:', '    try:', '        raise KeyboardInterrupt', '    finally:', '        sys.exit(3)'));
    expect(report.status).toBe('error');
    expect(report.error?.type).toBe('SystemExit');
    expectTruthful(report);
  });

  it('an exception whose __str__ and __repr__ raise or lie does not break the report', async () => {
    const report = await run(
      sandbox,
      DATA +
        py(
          'class Liar(Exception):',
          '    def __str__(self): raise RuntimeError("no str")',
          '    def __repr__(self): raise RuntimeError("no repr")',
          '    @property',
          '    def __traceback__(self): raise RuntimeError("no traceback")',
          'raise Liar()',
        ),
    );
    expect(report.status).toBe('error');
    expect(report.error?.type).toBe('Liar');
    expectTruthful(report);
  });
});

describe('the streams', () => {
  it('closing sys.stdout keeps what was printed before, and the measurements', async () => {
    const report = await run(sandbox, DATA + py('import sys', 'print("before")', 'sys.stdout.close()', 'sys.__stdout__.close()'));
    expect(report.stdout).toBe('before\n');
    expectTruthful(report);
  });

  it('replacing sys.stdout with an object whose write raises keeps the measurements', async () => {
    const report = await run(sandbox, DATA + py('import sys', 'class Broken:', '    def write(self, s): raise OSError("nope")', '    def flush(self): raise OSError("nope")', 'sys.stdout = sys.stderr = Broken()'));
    expect(report.status).toBe('ok');
    expectTruthful(report);
  });

  it('del __builtins__ and builtins.print overridden', async () => {
    const report = await run(sandbox, DATA + py('import builtins', 'builtins.print = None', 'del __builtins__'));
    expect(report.status).toBe('ok');
    expectTruthful(report);
  });
});

describe('hooks that would run user code while the harness measures', () => {
  // F2a (fixed): the hooks ran on harness frames after the snippet returns; their exception loses the whole report.
  it('sys.settrace and sys.setprofile functions that raise or print', async () => {
    const report = await run(
      sandbox,
      DATA + py('import sys', 'def hook(frame, event, arg):', '    print("HOOK", event)', '    raise RuntimeError("hooked")', 'sys.settrace(hook)', 'sys.setprofile(hook)'),
    );
    expectTruthful(report);
  });

  // F2b (fixed): monitoring callbacks fired in the harness too, with the same effect.
  it('sys.monitoring callbacks on every event', async () => {
    const report = await run(
      sandbox,
      DATA +
        py(
          'import sys',
          'mon = sys.monitoring',
          'mon.use_tool_id(3, "evil")',
          'def cb(*a):',
          '    print("MONITOR")',
          '    raise RuntimeError("monitored")',
          'for name, event in vars(mon.events).items():',
          '    if name.isupper() and event and name not in ("NO_EVENTS",):',
          '        try:',
          '            mon.register_callback(3, event, cb)',
          '        except Exception:',
          '            pass',
          'mon.set_events(3, mon.events.PY_START | mon.events.PY_RETURN | mon.events.CALL | mon.events.LINE)',
        ),
    );
    expectTruthful(report);
  });

  it('gc.callbacks that raise and print, with gc.set_debug(DEBUG_LEAK)', async () => {
    const report = await run(
      sandbox,
      DATA + py('import gc', 'def cb(phase, info):', '    print("GC CALLBACK", phase)', '    raise RuntimeError("gc hooked")', 'gc.callbacks.append(cb)', 'gc.set_debug(gc.DEBUG_LEAK)'),
    );
    expect(report.stdout).not.toContain('GC CALLBACK');
    expectTruthful(report);
  });

  it('atexit handlers do not run into the report', async () => {
    const report = await run(sandbox, DATA + py('import atexit, sys', 'atexit.register(lambda: print("ATEXIT"))', 'atexit.register(sys.getsizeof.__self__.exit, 9)'));
    expect(report.status).toBe('ok');
    expect(report.stdout).not.toContain('ATEXIT');
    expectTruthful(report);
  });

  it('a __del__ that runs in the final collection and tampers with everything', async () => {
    const report = await run(
      sandbox,
      DATA +
        py(
          'import gc, sys',
          'class Saboteur:',
          '    def __del__(self):',
          '        print("DEL ran")',
          '        sys.getsizeof = lambda *a: 1',
          '        gc.garbage.extend([1] * 1000)',
          '        gc.callbacks.append(lambda *a: print("late callback"))',
          '        sys.settrace(lambda *a: 1 / 0)',
          '        data.clear()',
          'saboteur = Saboteur()',
          'saboteur.me = saboteur',
          'del saboteur',
        ),
    );
    expect(report.status).toBe('ok');
    expectTruthful(report);
    expect(report.gc?.collectedAtEnd).toBeGreaterThan(0);
  });

  it('objects whose __repr__, __sizeof__, __eq__, __hash__ and __getattribute__ lie or loop are measured without calling them', async () => {
    const report = await run(
      sandbox,
      DATA +
        py(
          'class Evil(list):',
          '    def __repr__(self):',
          '        print("REPR CALLED")',
          '        while True: pass',
          '    def __sizeof__(self):',
          '        print("SIZEOF CALLED")',
          '        return 1',
          '    def __eq__(self, other):',
          '        print("EQ CALLED")',
          '        return True',
          '    __hash__ = None',
          '    def __getattribute__(self, name):',
          '        print("GETATTR CALLED", name)',
          '        raise RuntimeError(name)',
          'evil = Evil(range(100))',
        ),
    );
    expect(report.status).toBe('ok');
    expect(report.stdout).toBe('');
    const evil = variable(report, 'evil');
    expect(evil.type).toBe('Evil');
    expect(evil.size).toBeGreaterThanOrEqual(truth.data.size);
    expectTruthful(report);
  });
});

describe('data shaped to break the measuring', () => {
  it('globals keyed by a str subclass with hostile __hash__/__eq__/__len__, or by non-strings, run no user code in the measuring', async () => {
    const report = await run(
      sandbox,
      DATA +
        py(
          'class Sneaky(str):',
          '    def __hash__(self):',
          '        print("HASH CALLED")',
          '        return str.__hash__(self)',
          '    def __eq__(self, other):',
          '        print("EQ CALLED")',
          '        return True',
          '    def __len__(self):',
          '        print("LEN CALLED")',
          '        return 0',
          'globals()[Sneaky("sneaky")] = "hidden"  # hashed once, here, by the program itself',
          'globals()[42] = "int key"',
        ),
    );
    expect(report.status).toBe('ok');
    expect(report.stdout).toBe('HASH CALLED\n');
    expectTruthful(report);
  });

  it('5,000 globals with long names: the report lists at most 100 variables and stays small', async () => {
    const report = await run(sandbox, py('g = globals()', 'for i in range(5000):', '    g["v" + "x" * 200 + str(i)] = [i] * 10'));
    expect(report.status).toBe('ok');
    expect(report.variables.length).toBeLessThanOrEqual(100);
    // The step-through trace has a cap of its own (16 names a frame, stepLimits.json in all).
    const { steps, ...measured } = report;
    expect(JSON.stringify(measured).length).toBeLessThan(100_000);
    expect(steps?.steps.every((step) => step.frames.every((frame) => frame.names.length <= stepLimits.names))).toBe(true);
    expect(JSON.stringify(steps).length).toBeLessThanOrEqual(stepLimits.json);
  });

  it('a list nested 100,000 levels deep and self-referencing containers are measured without recursion errors', async () => {
    const report = await run(sandbox, py('deep = []', 'for _ in range(100_000):', '    deep = [deep]', 'loop = []', 'loop.append(loop)', 'selfish = {}', 'selfish["me"] = selfish'));
    expect(report.status, report.error?.message).toBe('ok');
    expect(variable(report, 'deep').repr.length).toBeLessThan(200);
    expect(variable(report, 'loop').refcount).toBe(2);
    // The dict itself and its key, each once: the loop back to itself adds nothing.
    expect(variable(report, 'selfish').deepSize).toBeLessThan(variable(report, 'selfish').size + 50);
  });

  it('a thousand reference cycles left behind are counted, and at most a few are spelled out', async () => {
    const report = await run(sandbox, py('class Node:', '    pass', 'for i in range(1000):', '    a, b = Node(), Node()', '    a.other, b.other = b, a', 'del a, b'));
    expect(report.status).toBe('ok');
    expect(report.gc?.collectedAtEnd).toBeGreaterThan(0);
    expect(report.cycles.length).toBeLessThanOrEqual(5);
  });
});
