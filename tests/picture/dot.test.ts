// The graph → DOT step: golden files for the three example programs, and hostile text escaped.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { instance } from '@viz-js/viz';
import { describe, expect, it } from 'vitest';
import type { MemoryGraph } from '../../sandbox/graph.js';
import { describeGraph } from '../../src/picture/describe.js';
import { graphToDot } from '../../src/picture/dot.js';
import { clip, htmlText } from '../../src/picture/escape.js';
import { REPO_ROOT } from '../support/cli.js';
import { examples, fixtureGraph } from './helpers.js';

const goldenDir = path.join(REPO_ROOT, 'tests/picture/golden');

describe('graphToDot', () => {
  // Set UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
  for (const name of examples) {
    for (const direction of ['LR', 'TB'] as const) {
      it(`matches the golden DOT for ${name} (${direction})`, () => {
        const graph = fixtureGraph(name);
        const dot = graphToDot(graph, direction, describeGraph(graph).caption);
        const file = path.join(goldenDir, `${name}.${direction}.dot`);
        if (process.env.UPDATE_GOLDEN) writeFileSync(file, dot);
        expect(dot).toBe(readFileSync(file, 'utf8'));
      });
    }
  }

  it('routes the arrow that closes a cycle around the boxes, not across their text', () => {
    const graph = fixtureGraph('parent-child');
    const arrows = (direction: 'LR' | 'TB') => graphToDot(graph, direction, []).split('\n').filter((line) => line.includes('->'));
    // child.parent → parent climbs back against the layout: beside the header (TB), under the boxes (LR).
    expect(arrows('TB')).toContainEqual(expect.stringContaining('o_n2:s2:e -> o_n1:h:e '));
    expect(arrows('LR')).toContainEqual(expect.stringContaining('o_n2:s2:s -> o_n1:s '));
    // Arrows that follow the layout keep their usual ends.
    expect(arrows('TB')).toContainEqual(expect.stringContaining('o_n4:s0:c -> o_n2 '));
    expect(arrows('LR').filter((line) => line.includes(':h:') || line.includes(':s ->'))).toHaveLength(1);
  });

  it('escapes hostile names, values and types so they cannot end the label or the DOT statement', async () => {
    const hostile = '"}]; x -> y [label=<<B>a</B>>] &amp; \u202e\u0000\n';
    const graph: MemoryGraph = {
      roots: [{ name: hostile.slice(0, 40), value: { kind: 'ref', to: 'n1', cycle: false } }],
      moreRoots: 0,
      totalObjects: 1,
      stubs: [],
      nodes: [{ id: 'n1', type: hostile.slice(0, 40), size: 24, refs: 1, immortal: false, shape: 'object', sharedBy: [], cycle: false, freed: false, slots: [{ label: hostile.slice(0, 40), value: { kind: 'plain', text: hostile.slice(0, 40) } }] }],
    };
    const dot = graphToDot(graph, 'LR', describeGraph(graph).caption);
    expect(dot).not.toContain('\u202e');
    expect(dot).not.toContain('\u0000');
    // Graphviz reads exactly our two boxes and one arrow, and draws the hostile text as text.
    const svg = (await instance()).renderString(dot, { format: 'svg' });
    expect(svg.match(/class="node"/g)).toHaveLength(2);
    expect(svg.match(/class="edge"/g)).toHaveLength(1);
    expect(svg).toContain('&quot;}]; x &#45;&gt; y [label=&lt;&lt;B&gt;a&lt;/B&gt;&gt;] &amp;amp;');
  });

  it('clips a 1 MiB string to the text cap without reading all of it', () => {
    const huge = '<'.repeat(1 << 20);
    expect(clip(huge)).toHaveLength(48);
    expect(htmlText(huge)).toBe(`${'&#60;'.repeat(47)}…`);
  });
});

describe('describeGraph', () => {
  it('spells the cycle as the program would, and names what is shared', () => {
    const { caption, alt } = describeGraph(fixtureGraph('parent-child'));
    expect(caption).toContain('cycle: parent.children[0] → child.parent → parent');
    expect(caption).toContain('a and b are the same list (one object, 2 refs)');
    expect(alt).toMatch(/32-bit WebAssembly/);
  });

  it('says what the final collection freed', () => {
    const { caption, alt } = describeGraph(fixtureGraph('parent-child-freed'));
    expect(caption.join('\n')).toMatch(/^freed cycle: <Node>\.\S+ → <Node>\.\S+ → <Node>$/m);
    // Three boxes and the child's empty `children` list written into its cell (`[]  28 B`): four objects,
    // as many as the report's final collection counts.
    expect(alt).toContain('gc.collect() freed 4 objects, 120 B');
  });

  it('speaks of one name and one box in the singular', () => {
    const graph = fixtureGraph('parent-child');
    const list = graph.nodes.find((n) => n.type === 'list' && n.sharedBy.length === 2)!;
    const single = { ...graph, roots: [{ name: 'x', value: { kind: 'ref' as const, to: list.id, cycle: false } }], nodes: [{ ...list, sharedBy: [] }] };
    expect(describeGraph(single).alt).toMatch(/^Memory picture: the name x points at 1 object drawn as a box\./);
    expect(describeGraph(graph).alt).toMatch(/^Memory picture: names parent, child, a and b point at \d+ objects drawn as boxes\./);
  });

  it('says how a big program was folded', () => {
    expect(describeGraph(fixtureGraph('folded')).alt).toContain('folded: 72 objects drawn as 6 boxes and 2 stubs');
  });
});
