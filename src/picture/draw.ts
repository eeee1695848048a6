// Laying out and rasterising one picture: DOT → SVG by Graphviz (wasm) → PNG by resvg.
// Every candidate direction is laid out and the one whose text ends up largest is drawn, with
// the given font files only (no system fonts, so every host draws the same picture).
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Resvg } from '@resvg/resvg-js';
import { instance } from '@viz-js/viz';
import { fontSizes, type Direction } from './dot.js';
import { bodyTextPx, pngWidth, svgSize, withFontFamily, type SvgSize } from './layout.js';
import type { RenderJob, RenderReply } from './protocol.js';

export const FONT_FAMILY = 'DejaVu Sans Mono';

type LaidOut = { direction: Direction; svg: string; size: SvgSize; textPx: number };

/** DejaVu Sans Mono, regular and bold: real TTFs (resvg cannot read woff and draws no text from it). */
export function bundledFontFiles(): string[] {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return ['DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf'].map((file) => path.join(dir, file));
}

export async function createDrawer(fontFiles: string[]): Promise<(job: RenderJob) => RenderReply> {
  const viz = await instance();
  return (job) => {
    const start = performance.now();
    const laidOut: LaidOut[] = [];
    for (const { direction, dot } of job.candidates) {
      const svg = viz.renderString(dot, { format: 'svg', engine: 'dot' });
      const size = svgSize(svg);
      laidOut.push({ direction, svg, size, textPx: bodyTextPx(size) });
      // Shown at full size already: another direction cannot make the text more legible, so skip its layout.
      if (laidOut.at(-1)!.textPx >= fontSizes.body) break;
    }
    const best = laidOut.reduce((a, b) => (b.textPx > a.textPx ? b : a));
    const image = new Resvg(withFontFamily(best.svg, FONT_FAMILY), {
      background: 'white',
      fitTo: { mode: 'width', value: pngWidth(best.size) },
      font: { fontFiles, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, monospaceFamily: FONT_FAMILY },
    }).render();
    const png = image.asPng();
    return {
      id: job.id,
      ok: true,
      png: Uint8Array.from(png),
      width: image.width,
      height: image.height,
      direction: best.direction,
      textPx: best.textPx,
      drawMs: Number((performance.now() - start).toFixed(1)),
    };
  };
}
