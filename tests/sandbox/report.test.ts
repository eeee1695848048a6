// What the memory report says, checked against the real interpreter: refcounts, identity, sizes,
// gc, tracemalloc, cycles, errors. The semantics are docs/ARCHITECTURE.md's "The memory report".
import { describe, expect, it } from 'vitest';
import type { MemoryReport } from '../../sandbox/index.js';
import { sandboxForFile } from './helpers.js';
import { check, py, testSandbox, variable } from './helpers.js';

const sandbox = sandboxForFile(() => testSandbox());

const NODE_CYCLE = py(
  'class Node:',
  '    def __init__(self, value):',
  '        self.value = value',
  '        self.next = None',
  '',
  'a = Node(1)',
  'b = Node(2)',
  'a.next = b',
  'b.next = a  # Circular reference!',
);

describe('variables', () => {
  it('reports two names for one list with the references the program holds', async () => {
    const report = await check(sandbox, py('a = [1, 2, 3]', 'b = a'));
    expect(report.status).toBe('ok');
    const [a, b] = [variable(report, 'a'), variable(report, 'b')];
    expect(a).toMatchObject({ type: 'list', refcount: 2, immortal: false, sameAs: ['b'], repr: '[1, 2, 3]' });
    expect(b).toMatchObject({ type: 'list', refcount: 2, sameAs: ['a'] });
    expect(a.size).toBe(44); // 32-bit wasm: 28-byte list header + 16-byte pre-header... as sys.getsizeof says
    expect(a.deepSize).toBe(a.size + 3 * 16);
  });

  it('counts references from containers and attributes, not the harness own', async () => {
    const report = await check(sandbox, py('a = []', 'holder = [a, a]', 'lonely = {}', 'class Box: pass', 'box = Box()', 'box.item = lonely'));
    expect(variable(report, 'a').refcount).toBe(3);
    expect(variable(report, 'holder').refcount).toBe(1);
    expect(variable(report, 'lonely').refcount).toBe(2);
    expect(variable(report, 'box').refcount).toBe(1);
  });

  it('flags immortal objects instead of showing their huge refcount', async () => {
    const report = await check(sandbox, py('x = 42', 'nothing = None', 'flag = True'));
    for (const name of ['x', 'nothing', 'flag']) expect(variable(report, name)).toMatchObject({ immortal: true, refcount: null });
    expect(variable(report, 'x').size).toBe(16);
  });

  it("reports only the program's data: no modules, functions, classes or dunder names", async () => {
    const report = await check(sandbox, py('import sys', 'def f(): pass', 'class C: pass', 'c = C()', '__secret__ = 1', '_private = [1]'));
    expect(report.variables.map((v) => v.name)).toEqual(['c', '_private']);
    expect(variable(report, 'c').repr).toBe('<C object>');
  });

  it('follows __dict__ and __slots__ for deep sizes, counting shared objects once', async () => {
    const report = await check(
      sandbox,
      py(
        'import sys',
        'class Slotted:',
        '    __slots__ = ("x", "y")',
        'class Plain: pass',
        'shared = list(range(300, 310))',
        's = Slotted(); s.x = shared; s.y = shared',
        'p = Plain(); p.x = shared',
        'sizes = (sys.getsizeof(s), sys.getsizeof(p), sys.getsizeof(shared))',
      ),
    );
    const sizes = variable(report, 'sizes').repr.slice(1, -1).split(', ').map(Number);
    const [slotted, plain, list] = sizes as [number, number, number];
    expect(variable(report, 's').size).toBe(slotted);
    expect(variable(report, 'p').size).toBe(plain);
    const sharedDeep = variable(report, 'shared').deepSize;
    expect(sharedDeep).toBe(list + 10 * 16);
    expect(variable(report, 's').deepSize).toBe(slotted + sharedDeep);
    expect(variable(report, 'p').deepSize).toBeGreaterThan(plain + sharedDeep);
  });

  describe('who holds an object: heldBy explains refs', () => {
    const holders = (report: MemoryReport, name: string): string[] =>
      (variable(report, name).heldBy ?? []).map((h) => `${h.kind}:${h.where}:${h.count}`);
    const explained = (report: MemoryReport, name: string): number =>
      (variable(report, name).heldBy ?? []).reduce((sum, h) => sum + h.count, 0) + (variable(report, name).heldByMore ?? 0);

    it('`grid = [row] * 3`: row is held by its name and the three slots', async () => {
      const report = await check(sandbox, py('row = [0] * 3', 'grid = [row] * 3'));
      expect(holders(report, 'row')).toEqual(['name:row:1', 'item:grid[0]:1', 'item:grid[1]:1', 'item:grid[2]:1']);
      expect(explained(report, 'row')).toBe(variable(report, 'row').refcount);
    });

    it('a mutable default argument is held as the default of its function', async () => {
      const report = await check(sandbox, py('def add(item, acc=[]):', '    acc.append(item)', '    return acc', 'result = add(1)'));
      expect(holders(report, 'result')).toEqual(['name:result:1', 'default:add:1']);
      expect(explained(report, 'result')).toBe(variable(report, 'result').refcount);
    });

    it("`big = 10**20` is also held by the code's constants", async () => {
      const report = await check(sandbox, py('big = 10**20'));
      expect(holders(report, 'big')).toEqual(['name:big:1', 'constant::1']);
      expect(explained(report, 'big')).toBe(variable(report, 'big').refcount);
    });

    it('names attributes and dict keys, shows 5 and counts the rest', async () => {
      const report = await check(sandbox, py('class N: pass', 'n = N()', 'm = N(); m.next = n', 'd = {"k": n}', 'many = [n] * 9'));
      const n = variable(report, 'n');
      expect(holders(report, 'n').slice(0, 3)).toEqual(['name:n:1', 'item:m.next:1', 'item:d["k"]:1']);
      expect(n.heldBy?.filter((h) => h.kind === 'item' || h.kind === 'name')).toHaveLength(5);
      expect(n.heldByMore).toBe(7);
      expect(explained(report, 'n')).toBe(n.refcount);
    });
  });

  it('says a deep size is a lower bound once the walk reaches its 200,000-object limit', async () => {
    const report = await check(sandbox, py('small = [str(i) for i in range(1000)]', 'cache = {i: str(i) for i in range(150_000)}'));
    expect(variable(report, 'small').deepCounted ?? null).toBeNull();
    const cache = variable(report, 'cache');
    expect(cache.deepCounted).toBe(200_000);
    expect(cache.deepSize).toBeGreaterThan(200_000 * 16);
  });

  it('keeps reprs short and never calls user __repr__', async () => {
    const report = await check(sandbox, py('class Loud:', '    def __repr__(self):', '        print("called!")', '        return "x"', 'l = Loud()', 'big = "y" * 500'));
    expect(report.stdout).toBe('');
    expect(variable(report, 'l').repr).toBe('<Loud object>');
    expect(variable(report, 'big').repr.length).toBeLessThanOrEqual(90);
  });
});

describe('cycles and the garbage collector', () => {
  it("shows the guide's Node cycle as a path", async () => {
    const report = await check(sandbox, NODE_CYCLE);
    expect(report.cycles).toEqual(['a.next → b.next → a']);
    expect(report.gc?.collectedAtEnd).toBe(0);
  });

  it('after `del a, b` the cycle has no names but the final collection frees it', async () => {
    const report = await check(sandbox, NODE_CYCLE + 'del a, b\n');
    expect(report.cycles).toEqual([]);
    expect(report.variables).toEqual([]);
    expect(report.gc?.collectedAtEnd).toBeGreaterThan(0);
    expect(report.gc?.collectedMine).toBe(report.gc?.collectedAtEnd);
  });

  it.each(['import tracemalloc', 'import urllib.request'])('`%s` alone leaves garbage that is not the program\'s', async (source) => {
    const report = await check(sandbox, source);
    expect(report.gc?.collectedAtEnd).toBeGreaterThan(0);
    expect(report.gc?.collectedMine).toBe(0);
  });

  it("tells the program's own bare list cycle from an import's garbage", async () => {
    const report = await check(sandbox, py('import urllib.request', 'x = []', 'x.append(x)', 'del x'));
    expect(report.gc?.collectedMine).toBe(1);
    expect(report.gc?.collectedAtEnd).toBeGreaterThan(1);
  });

  it("shows the guide's parent/child cycle through the children list", async () => {
    const report = await check(
      sandbox,
      py(
        'class Node:',
        '    def __init__(self, value):',
        '        self.value = value',
        '        self.parent = None',
        '        self.children = []',
        'parent = Node(1)',
        'child = Node(2)',
        'parent.children.append(child)',
        'child.parent = parent',
      ),
    );
    expect(report.cycles).toEqual(['parent.children[0] → child.parent → parent']);
  });

  it('finds a list that contains itself', async () => {
    const report = await check(sandbox, py('l = [1]', 'l.append(l)'));
    expect(report.cycles).toEqual(['l[1] → l']);
  });

  it('counts collections during the run and reads gc state', async () => {
    const report = await check(sandbox, py('import gc', 'gc.collect()', 'junk = [[] for _ in range(5000)]'));
    expect(report.gc).not.toBeNull();
    const gc = report.gc!;
    expect(gc.enabled).toBe(true);
    expect(gc.countBefore).toHaveLength(3);
    expect(gc.countAfter).toHaveLength(3);
    expect(gc.collections.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(1);
    expect(gc.uncollectable).toBe(0);
  });

  it('reports a trivial program with no garbage and no collections', async () => {
    const report = await check(sandbox, 'x = 1\n');
    expect(report.gc).toMatchObject({ collections: [0, 0, 0], collectedAtEnd: 0, uncollectable: 0, enabled: true });
  });

  it('reports gc disabled by the program', async () => {
    const report = await check(sandbox, py('import gc', 'gc.disable()'));
    expect(report.gc?.enabled).toBe(false);
  });
});

describe('memory and timing', () => {
  it("measures the program's allocations with tracemalloc, top lines first", async () => {
    const report = await check(sandbox, py('small = [0] * 10', 'big = [0] * 100_000', 'text = "abc" * 10'));
    expect(report.memory!.current).toBeGreaterThanOrEqual(400_000);
    expect(report.memory!.peak).toBeGreaterThanOrEqual(report.memory!.current);
    expect(report.memory!.top[0]).toMatchObject({ line: 2, code: 'big = [0] * 100_000' });
    expect(report.memory!.top.length).toBeLessThanOrEqual(3);
    expect(report.timing.totalMs).toBeGreaterThanOrEqual(report.timing.runMs);
  });

  it('states the platform and the Python version', async () => {
    const report = await check(sandbox, 'pass\n');
    expect(report.python).toMatch(/^3\.14\.\d+$/);
    expect(report.platform).toContain('32-bit WebAssembly');
    expect(report.platform).toContain('smaller than on a 64-bit desktop');
  });
});

describe('errors and output', () => {
  it('reports an exception with its line and a traceback of the snippet only', async () => {
    const report = await check(sandbox, py('def half(n):', '    return n / 0', 'x = [1]', 'half(4)'));
    expect(report.status).toBe('error');
    expect(report.error).toMatchObject({ type: 'ZeroDivisionError', message: 'division by zero', line: 2 });
    expect(report.error!.traceback).toContain('line 4, in <module>');
    expect(report.error!.traceback).toContain('return n / 0');
    expect(report.error!.traceback).not.toContain('harness');
    expect(variable(report, 'x').refcount).toBe(1);
  });

  it('reports syntax errors without running anything', async () => {
    const report = await check(sandbox, py('print("never")', 'def broken(:'));
    expect(report.status).toBe('error');
    expect(report.error).toMatchObject({ type: 'SyntaxError', line: 2 });
    expect(report.stdout).toBe('');
    expect(report.gc).toBeNull();
  });

  it('captures stdout and stderr separately', async () => {
    const report = await check(sandbox, py('import sys', 'print("out")', 'print("err", file=sys.stderr)'));
    expect(report).toMatchObject({ status: 'ok', stdout: 'out\n', stderr: 'err\n', truncated: false });
  });

  it('handles recursion errors cleanly, even with a raised limit', async () => {
    const plain = await check(sandbox, py('def f(n): return f(n + 1)', 'f(0)'));
    expect(plain.status).toBe('error');
    expect(plain.error).toMatchObject({ type: 'RecursionError', line: 1 });
    // Under tracemalloc, unwinding tens of thousands of frames is slow: this may end at the time limit.
    const raised = await check(sandbox, py('import sys', 'sys.setrecursionlimit(10**6)', 'def f(n): return f(n + 1)', 'f(0)'));
    expect(['error', 'timeout']).toContain(raised.status);
    expect(['RecursionError', 'Timeout']).toContain(raised.error?.type);
  });
});

describe('report integrity', () => {
  it("ignores the program's replacements of sys, gc, tracemalloc and builtins", async () => {
    const report = await check(
      sandbox,
      py(
        'import sys, gc, tracemalloc, builtins',
        'sys.getsizeof = lambda *a: 1',
        'sys.getrefcount = lambda *a: 99',
        'gc.collect = lambda *a: 12345',
        'gc.get_count = lambda: (7, 7, 7)',
        'tracemalloc.get_traced_memory = lambda: (1, 1)',
        'builtins.len = lambda o: 0',
        'builtins.id = lambda o: 0',
        'builtins.type = lambda o: int',
        'a = [1, 2, 3]',
        'b = a',
        'print(\'{"status": "ok", "variables": []}\')',
      ),
    );
    expect(report.status).toBe('ok');
    expect(variable(report, 'a')).toMatchObject({ size: 44, refcount: 2, sameAs: ['b'], type: 'list' });
    expect(report.gc!.countAfter).not.toEqual([7, 7, 7]);
    expect(report.gc!.collectedAtEnd).not.toBe(12345);
    expect(report.stdout).toBe('{"status": "ok", "variables": []}\n');
  });

  it("never runs the program's __sizeof__, properties or hooks while measuring", async () => {
    const report = await check(
      sandbox,
      py(
        'import sys',
        'class Liar:',
        '    def __sizeof__(self): print("sizeof ran"); return 1',
        '    @property',
        '    def __dict__(self): print("dict ran"); return {}',
        'sys.settrace(lambda *a: print("trace ran"))',
        'liar = Liar()',
      ),
    );
    expect(report.stdout).toBe('');
    expect(variable(report, 'liar').size).toBeGreaterThan(1);
  });
});
