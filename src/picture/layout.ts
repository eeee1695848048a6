// Choosing between laid-out pictures and preparing the chosen SVG for the rasteriser. Pure.
import { fontSizes } from './dot.js';

/** Discord shows images about 550 px wide; a picture much taller than ~600 px is scaled down too. */
export const display = { width: 550, height: 600 } as const;
/** The PNG is drawn at twice the display size (crisp when zoomed), never wider than this. */
export const pngMaxWidth = 2 * display.width;
export const pngMaxHeight = 2400;

export type SvgSize = { width: number; height: number };

/** Graphviz writes `<svg width="550pt" height="473pt"` — the laid-out size in points. */
export function svgSize(svg: string): SvgSize {
  const match = /<svg[^>]*?\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"/.exec(svg);
  if (!match) throw new Error('Graphviz returned an SVG without a size');
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Body text size in pixels once the picture is shown at Discord's size (never enlarged past 2×). */
export function bodyTextPx(size: SvgSize): number {
  const scale = Math.min(2, display.width / size.width, display.height / size.height);
  return Number((fontSizes.body * scale).toFixed(2));
}

/** PNG width in pixels: twice the laid-out size, capped so huge layouts stay bounded. */
export function pngWidth(size: SvgSize): number {
  const scale = Math.min(2, pngMaxWidth / size.width, pngMaxHeight / size.height);
  return Math.max(1, Math.round(size.width * scale));
}

/** Graphviz laid out the text as Courier; draw it with the bundled font of the same advance width. */
export function withFontFamily(svg: string, family: string): string {
  return svg.replace(/font-family="[^"]*"/g, `font-family="${family}"`);
}
