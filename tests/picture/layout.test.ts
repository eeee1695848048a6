import { describe, expect, it } from 'vitest';
import { bodyTextPx, pngMaxWidth, pngWidth, svgSize, withFontFamily } from '../../src/picture/layout.js';

describe('picture layout choices', () => {
  it('reads the laid-out size Graphviz writes on the svg element', () => {
    expect(svgSize('<svg width="673pt" height="657pt"\n viewBox="0 0 673 657">')).toEqual({ width: 673, height: 657 });
    expect(() => svgSize('<svg viewBox="0 0 1 1">')).toThrow(/without a size/);
  });

  it('measures body text as Discord shows it: scaled into 550×600, never enlarged past 2×', () => {
    expect(bodyTextPx({ width: 550, height: 300 })).toBe(14);
    expect(bodyTextPx({ width: 1100, height: 300 })).toBe(7);
    expect(bodyTextPx({ width: 300, height: 1200 })).toBe(7);
    expect(bodyTextPx({ width: 50, height: 50 })).toBe(28);
  });

  it('draws the PNG at twice the layout, capped in width', () => {
    expect(pngWidth({ width: 400, height: 300 })).toBe(800);
    expect(pngWidth({ width: 5000, height: 300 })).toBe(pngMaxWidth);
  });

  it('swaps every font family for the bundled one', () => {
    expect(withFontFamily('<text font-family="Courier,monospace">a</text><text font-family="Times">b</text>', 'DejaVu Sans Mono')).toBe(
      '<text font-family="DejaVu Sans Mono">a</text><text font-family="DejaVu Sans Mono">b</text>',
    );
  });
});
