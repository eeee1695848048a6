// The guide's common mistakes, found in real runs, each with its line and lesson; and silence
// where the code is fine.
import { describe, expect, it } from 'vitest';
import { sandboxForFile } from './helpers.js';
import { check, py, testSandbox } from './helpers.js';
import { lessonForHint } from '../../src/core/memcheck/hint-lessons.js';

const sandbox = sandboxForFile(() => testSandbox());

async function hints(code: string) {
  const report = await check(sandbox, code);
  expect(report.status, JSON.stringify(report.error)).toBe('ok');
  // The sandbox names each hint; the bot maps the id to the lesson that explains it.
  return report.hints.map(({ id, line }) => ({ id, line, lesson: lessonForHint(id) }));
}

describe('hints on the guide mistakes', () => {
  it('a list comprehension consumed once → generator (lesson 6)', async () => {
    expect(await hints(py('total = sum([x * x for x in range(100)])'))).toEqual([{ id: 'list-comprehension-once', line: 1, lesson: 6 }]);
    expect(await hints(py('squares = [x * x for x in range(100)]', 'for s in squares:', '    pass'))).toEqual([
      { id: 'list-comprehension-once', line: 1, lesson: 6 },
    ]);
  });

  it('data that lived only in function locals → keep it in module-level names (lesson 3)', async () => {
    const code = py('def main():', '    data = [str(i) for i in range(1000)]', '    return len(data)', 'main()');
    expect(await hints(code)).toEqual([{ id: 'data-in-functions', line: 1, lesson: 3 }]);
    expect(await hints(py('def main():', '    data = [1, 2]', '    return data', 'kept = main()'))).toEqual([]);
  });

  it('`[:]` copies (lesson 8)', async () => {
    expect(await hints(py('old_list = [1, 2, 3]', 'new_list = old_list[:]'))).toEqual([{ id: 'slice-copy', line: 2, lesson: 8 }]);
  });

  it('open() outside with (lesson 7)', async () => {
    expect(await hints(py('f = open("data.txt", "w")', 'f.write("hi")'))).toEqual([{ id: 'open-without-with', line: 1, lesson: 7 }]);
  });

  it('a module-level cache that only grows (lesson 7)', async () => {
    const code = py('cache = {}', '', 'def process_data(data):', '    cache[id(data)] = data', '', 'for i in range(3):', '    process_data([i])');
    expect(await hints(code)).toEqual([{ id: 'growing-cache', line: 1, lesson: 7 }]);
  });

  it('parent ↔ child cycles without weakref (lesson 7)', async () => {
    const code = py(
      'class Node:',
      '    def __init__(self, value):',
      '        self.value = value',
      '        self.parent = None',
      '        self.children = []',
      'parent = Node(1)',
      'child = Node(2)',
      'parent.children.append(child)',
      'child.parent = parent  # Circular reference',
    );
    expect(await hints(code)).toEqual([{ id: 'cycle-without-weakref', line: 9, lesson: 7 }]);
  });

  it('also after the cycle lost its names (found by the final collection)', async () => {
    const code = py('class Node:', '    pass', 'a = Node()', 'b = Node()', 'a.next = b', 'b.next = a', 'del a, b');
    expect(await hints(code)).toEqual([{ id: 'cycle-without-weakref', line: 6, lesson: 7 }]);
  });

  it('many instances without __slots__ (lesson 6)', async () => {
    const code = py('class Point:', '    def __init__(self, x, y):', '        self.x = x', '        self.y = y', 'points = [Point(i, i) for i in range(2000)]');
    expect(await hints(code)).toEqual([{ id: 'many-instances-without-slots', line: 1, lesson: 6 }]);
  });
});

describe('no hints where the code is fine', () => {
  it.each([
    ['a generator expression', py('total = sum(x * x for x in range(100))')],
    ['a list used more than once', py('squares = [x * x for x in range(10)]', 'print(len(squares), squares[0])', 'for s in squares:', '    pass')],
    ['an explicit copy', py('data = [1, 2, 3]', 'copy = data.copy()', 'part = data[1:]')],
    ['slice assignment', py('data = [1, 2, 3]', 'data[:] = [4, 5]')],
    ['open() in with', py('with open("out.txt", "w") as f:', '    f.write("hi")')],
    ['a bounded cache', py('cache = {}', 'def remember(k, v):', '    if len(cache) > 100:', '        cache.clear()', '    cache[k] = v', 'remember(1, 2)')],
    ['a weakref back-reference', py(
      'import weakref',
      'class Node:',
      '    def __init__(self):',
      '        self.parent = None',
      '        self.children = []',
      'parent = Node()',
      'child = Node()',
      'parent.children.append(child)',
      'child.parent = weakref.ref(parent)',
    )],
    ['many instances with __slots__', py('class Point:', '    __slots__ = ("x", "y")', '    def __init__(self, x, y):', '        self.x = x', '        self.y = y', 'points = [Point(i, i) for i in range(2000)]')],
    ['a few plain instances', py('class Point:', '    pass', 'points = [Point() for _ in range(10)]')],
    ['the guide reference example', py('data = [1, 2, 3]', 'reference = data')],
  ])('%s', async (_name, code) => {
    expect(await hints(code)).toEqual([]);
  });
});
