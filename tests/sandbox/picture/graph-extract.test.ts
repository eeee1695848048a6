// The graph the sandbox extracts and folds for the picture (sandbox/child/measure/graph_raw.py):
// the guide's parent/child example run for real in Pyodide.
import { describe, expect, it } from 'vitest';
import type { GraphNode, MemoryGraph } from '../../../sandbox/graph.js';
import { PARENT_CHILD_EXAMPLE } from '../../support/memcheck.js';
import { check, py, sandboxForFile, testSandbox } from '../helpers.js';

const sandbox = sandboxForFile(() => testSandbox());


function graphOf(report: { graph?: MemoryGraph }): MemoryGraph {
  expect(report.graph).toBeDefined();
  return report.graph as MemoryGraph;
}

function nodeNamed(graph: MemoryGraph, name: string): GraphNode {
  const root = graph.roots.find((r) => r.name === name);
  if (root?.value.kind !== 'ref') throw new Error(`${name} is not drawn as a box`);
  const to = root.value.to;
  const node = graph.nodes.find((n) => n.id === to);
  if (!node) throw new Error(`no box for ${name}`);
  return node;
}

describe('graph data from the sandbox', () => {
  it('draws the names, the parent/child cycle in red and the list shared by a and b', async () => {
    const graph = graphOf(await check(sandbox, PARENT_CHILD_EXAMPLE));
    expect(graph.roots.map((r) => r.name)).toEqual(['parent', 'child', 'a', 'b']);
    const parent = nodeNamed(graph, 'parent');
    const child = nodeNamed(graph, 'child');
    expect(parent).toMatchObject({ type: 'Node', shape: 'object', cycle: true, freed: false, refs: 2, immortal: false });
    expect(child).toMatchObject({ type: 'Node', cycle: true, refs: 2 });
    expect(parent.slots.find((s) => s.label === 'value')?.value).toEqual({ kind: 'plain', text: '1' });
    const backEdge = child.slots.find((s) => s.label === 'parent')?.value;
    expect(backEdge).toEqual({ kind: 'ref', to: parent.id, cycle: true });
    // The child's empty list is written in its cell, not drawn as a box.
    expect(child.slots.find((s) => s.label === 'children')?.value).toMatchObject({ kind: 'plain', text: expect.stringMatching(/^\[\] {2}\d+ B$/) });
    const shared = nodeNamed(graph, 'a');
    expect(nodeNamed(graph, 'b').id).toBe(shared.id);
    expect(shared).toMatchObject({ type: 'list', shape: 'sequence', refs: 2, cycle: false, sharedBy: ['a', 'b'] });
    expect(shared.slots.map((s) => s.value)).toEqual(['1', '2', '3'].map((text) => ({ kind: 'plain', text })));
    expect(graph.nodes.every((n) => !n.freed)).toBe(true);
  });

  it('after `del parent, child` shows what the final collection freed, as its own group', async () => {
    const report = await check(sandbox, `${PARENT_CHILD_EXAMPLE}\ndel parent, child\n`);
    const graph = graphOf(report);
    expect(graph.roots.map((r) => r.name)).not.toContain('parent');
    const freed = graph.nodes.filter((n) => n.freed);
    expect(freed.filter((n) => n.type === 'Node')).toHaveLength(2);
    expect(freed.every((n) => n.cycle)).toBe(true);
    expect(report.gc?.collectedAtEnd).toBeGreaterThanOrEqual(freed.length);
    expect(nodeNamed(graph, 'a').freed).toBe(false);
  });

  it('gives no graph when the program left nothing worth drawing', async () => {
    const report = await check(sandbox, 'x = 1\ny = "hello"\n');
    expect(report.graph).toBeUndefined();
  });

  it('folds a long linked list into a few boxes within the caps', async () => {
    const graph = graphOf(await check(sandbox, py(
      'class Node:',
      '    def __init__(self, value, nxt):',
      '        self.value = value',
      '        self.next = nxt',
      'head = None',
      'for i in range(300):',
      '    head = Node(i, head)',
      'people = [Node(i, None) for i in range(50)]',
    )));
    expect(graph.nodes.length).toBeLessThanOrEqual(12);
    expect(graph.stubs.length).toBeGreaterThan(0);
    expect(graph.totalObjects).toBeGreaterThan(12);
  });
});
