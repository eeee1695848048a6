// Red team, the picture's graph: hostile objects in the graph run no code while it is built (the
// graph equals that of the same program without the dunders), and huge or deep graphs stay within
// the graph caps (sandbox/graph.ts).
import { describe, expect, it } from 'vitest';
import { graphLimits, memoryGraphSchema } from '../../../sandbox/graph.js';
import { sandboxForFile } from '../helpers.js';
import { py, redteamSandbox, run } from './helpers.js';

const sandbox = sandboxForFile(() => redteamSandbox());

const PRELUDE = py(
  'ENDED = False',
  'def late(what):',
  '    if ENDED:',
  '        print("LATE", what)',
);

const HOSTILE = py(
  'class Key(str):',
  '    def __eq__(self, o): late("key __eq__"); return True',
  '    def __hash__(self): late("key __hash__"); return 7',
  '    def __repr__(self): late("key __repr__"); return "FORGED"',
  '    def __len__(self): late("key __len__"); return 0',
  'class P:',
  '    def __repr__(self): late("__repr__"); return "FORGED"',
  '    def __eq__(self, o): late("__eq__"); return True',
  '    def __hash__(self): late("__hash__"); return 0',
  '    def __len__(self): late("__len__"); return 10**6',
  '    def __iter__(self): late("__iter__"); return iter([self] * 3)',
  '    def __sizeof__(self): late("__sizeof__"); return 10**9',
  '    def __getattribute__(self, name): late("__getattribute__"); return object.__getattribute__(self, name)',
  '    @property',
  '    def shown(self): late("property"); return "FORGED"',
  'class Items(list):',
  '    def __iter__(self): late("list __iter__"); return iter(["FORGED"])',
  '    def __len__(self): late("list __len__"); return 99',
);

const PLAIN = py(
  'Key = str',
  'class P:',
  '    pass',
  'Items = list',
);

const DATA = py(
  'a = P()',
  'b = P()',
  'a.next = b',
  'b.next = a',
  'a.label = Key("text")',
  'box = {Key("k"): a, "n": 1}',
  'row = Items([a, 2, 3])',
  'ENDED = True',
);

describe('the graph is built without calling the program', () => {
  it('hostile dunders, str-subclass keys and list subclasses: no call, and no forged text', async () => {
    const clean = await run(sandbox, PRELUDE + PLAIN + DATA);
    const hostile = await run(sandbox, PRELUDE + HOSTILE + DATA);
    expect(hostile.stdout).not.toContain('LATE');
    expect(JSON.stringify(hostile.graph)).not.toContain('FORGED');
    // Same boxes, cells and cycle; only the subclasses' own type names and sizes differ.
    const boxes = (graph: typeof clean.graph) => graph?.nodes.map((n) => ({ cycle: n.cycle, shape: n.shape, slots: n.slots }));
    expect(hostile.graph?.nodes.find((n) => n.type === 'P')).toMatchObject({ cycle: true });
    expect(boxes(hostile.graph)).toEqual(boxes(clean.graph));
  });

  it('replaced builtins and collections.deque: the folding uses the captured ones', async () => {
    const tamper = py(
      'import builtins, collections',
      'for name in ("len", "set", "all", "any", "max", "sum", "list", "dict", "tuple", "enumerate", "bool"):',
      '    real = getattr(builtins, name)',
      '    setattr(builtins, name, (lambda real, name: lambda *a, **k: (late(name), real(*a, **k))[1])(real, name))',
      'class FakeDeque(collections.deque):',
      '    def popleft(self): late("deque"); return super().popleft()',
      'collections.deque = FakeDeque',
    );
    const clean = await run(sandbox, PRELUDE + PLAIN + DATA);
    const tampered = await run(sandbox, PRELUDE + PLAIN + DATA.replace('ENDED = True', `${tamper}\nENDED = True`));
    expect(tampered.stdout).not.toContain('LATE');
    expect(tampered.graph?.nodes).toEqual(clean.graph?.nodes);
  });
});

describe('hostile graph sizes stay within the caps', () => {
  const programs: Record<string, string> = {
    '10,000 objects': py('class Node:', '    pass', 'nodes = [Node() for _ in range(10_000)]', 'holder = Node()', 'for i in range(10_000):', '    setattr(holder, f"f{i}", nodes[i])'),
    '1 MiB names and values': py('class T:', '    pass', 't = T()', 'setattr(t, "n" * (1 << 20), "v" * (1 << 20))', 'globals()["x" * (1 << 20)] = t'),
    'nesting 1,000 deep': py('nest = []', 'for _ in range(1000):', '    nest = [nest]'),
    'a cycle of 5,000': py('class Node:', '    pass', 'first = last = Node()', 'for _ in range(4999):', '    last.next = Node()', '    last = last.next', 'last.next = first'),
  };
  for (const [name, code] of Object.entries(programs)) {
    it(name, async () => {
      const report = await run(sandbox, code);
      expect(report.status, report.error?.message).toBe('ok');
      const graph = memoryGraphSchema.parse(report.graph);
      expect(graph.nodes.length).toBeLessThanOrEqual(12);
      expect(JSON.stringify(graph).length).toBeLessThan(16 * 1024);
      for (const text of graph.roots.map((r) => r.name)) expect(text.length).toBeLessThanOrEqual(graphLimits.text);
    });
  }
});
