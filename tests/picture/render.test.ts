// Real renders through the worker (Graphviz wasm + resvg + the bundled font): the PNG decodes,
// stays within bounds, carries text, and hostile graphs stay bounded.
import { afterAll, describe, expect, it } from 'vitest';
import { memoryGraphSchema } from '../../sandbox/graph.js';
import { bundledFontFiles, createDrawer } from '../../src/picture/draw.js';
import { describeGraph } from '../../src/picture/describe.js';
import { graphToDot } from '../../src/picture/dot.js';
import { pngMaxHeight, pngMaxWidth } from '../../src/picture/layout.js';
import { createPictureRenderer } from '../../src/picture/renderer.js';
import { darkTextShare, examples, fixtureGraph, foldedByChild } from './helpers.js';

/** Body text covers well over this share of the picture; boxes and arrows alone stay far below. */
const TEXT_SHARE = 0.003;

const renderer = createPictureRenderer();
afterAll(() => renderer.close());

describe('picture renderer', () => {
  for (const name of examples) {
    it(`draws ${name} as a legible PNG with text`, async () => {
      const result = await renderer.render(fixtureGraph(name));
      if (!result.ok) throw new Error(result.reason);
      const png = darkTextShare(result.png);
      expect([png.width, png.height]).toEqual([result.width, result.height]);
      expect(png.width).toBeLessThanOrEqual(pngMaxWidth);
      expect(png.height).toBeLessThanOrEqual(pngMaxHeight);
      expect(png.share).toBeGreaterThan(TEXT_SHARE);
      // Body text at least 11 px once Discord shows the picture ~550 px wide.
      expect(result.textPx).toBeGreaterThanOrEqual(11);
      expect(result.alt).toMatch(/^Memory picture: /);
    });
  }

  it('fails the text check when the font is missing (resvg then draws no text and raises no error)', async () => {
    const graph = fixtureGraph('parent-child');
    const draw = await createDrawer([]);
    const reply = draw({ id: 1, candidates: [{ direction: 'LR', dot: graphToDot(graph, 'LR', describeGraph(graph).caption) }] });
    if (!reply.ok) throw new Error(reply.reason);
    expect(darkTextShare(reply.png).share).toBeLessThan(TEXT_SHARE);
    expect(bundledFontFiles()).toHaveLength(2);
  });

  it('gives up with a reason past its time bound, then draws the next picture', async () => {
    const hasty = createPictureRenderer({ timeoutMs: 1 });
    try {
      const result = await hasty.render(fixtureGraph('folded'));
      expect(result).toEqual({ ok: false, reason: 'drawing the picture took longer than 0.001 s' });
    } finally {
      await hasty.close();
    }
    expect((await renderer.render(fixtureGraph('parent-child'))).ok).toBe(true);
  });

  it('draws no picture for a graph with no objects, and refuses a graph past the caps', async () => {
    expect(await renderer.render({ roots: [{ name: 'x', value: { kind: 'plain', text: '1' } }], moreRoots: 0, nodes: [], stubs: [], totalObjects: 0 })).toEqual({ ok: false, reason: 'no objects worth drawing' });
    const tooMany = { ...fixtureGraph('folded'), roots: Array.from({ length: 10_000 }, (_, i) => ({ name: `v${i}`, value: { kind: 'plain' as const, text: '1' } })) };
    expect(await renderer.render(tooMany)).toMatchObject({ ok: false, reason: expect.stringMatching(/too large/) });
  });
});

describe('hostile graphs, folded by the child, then drawn within the 2 s bound', () => {
  for (const name of ['many-nodes', 'long-names', 'deep', 'ring']) {
    it(`${name}`, async () => {
      const graph = memoryGraphSchema.parse(foldedByChild(name));
      expect(graph.nodes.length).toBeLessThanOrEqual(12);
      const result = await renderer.render(graph);
      // Either drawn or given up through the time bound: never a stall, never an unbounded picture.
      if (result.ok) expect(result.width).toBeLessThanOrEqual(pngMaxWidth);
      else expect(result.reason).toMatch(/longer than 2 s/);
    });
  }
});
