import { describe, expect, it } from 'vitest';
import { drawNamesAsText } from '../../src/picture/drawing.js';
import { fixtureGraph } from './helpers.js';

describe('drawNamesAsText', () => {
  it('draws names → objects with sizes, refs, the cycle and sharing', () => {
    const text = drawNamesAsText(fixtureGraph('parent-child'));
    expect(text).toMatch(/^parent → Node#\d+$/m);
    expect(text).toMatch(/^a {6}→ list#(\d+)\nb {6}→ list#\1$/m);
    expect(text).toMatch(/Node#\d+ {2}24 B · 2 refs · cycle/);
    expect(text).toMatch(/\.children → list#\d+ ↺/);
    expect(text).toContain('44 B · 2 refs · shared by a, b');
  });

  it('lists what gc freed apart, and writes fold stubs and plain names in place', () => {
    expect(drawNamesAsText(fixtureGraph('parent-child-freed'))).toMatch(/gc\.collect\(\) freed \(unreachable from any name\):\n {2}Node#/);
    const folded = drawNamesAsText(fixtureGraph('folded'));
    expect(folded).toMatch(/^i += 27$/m);
    expect(folded).toContain('(+25 more Node, 600 B)');
    expect(folded).toContain('… 25 more');
  });
});
