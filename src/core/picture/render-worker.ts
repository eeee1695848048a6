// The render worker: DOT → SVG by Graphviz (wasm) → PNG by resvg, off the bot's main thread.
// It lays out every candidate direction, keeps the one whose text ends up largest, and draws it
// with the bundled DejaVu Sans Mono only (no system fonts, so every host draws the same picture).
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { Resvg } from '@resvg/resvg-js';
import { instance } from '@viz-js/viz';
import type { Direction } from './dot.js';
import { bodyTextPx, pngWidth, svgSize, withFontFamily } from './layout.js';
import type { WorkerJob, WorkerReply } from './protocol.js';

const FONT_FAMILY = 'DejaVu Sans Mono';
const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fontFiles = ['DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf'].map((file) => path.join(fontDir, file));

// resvg keeps native memory per render that V8 cannot see, so it never feels pressure to
// collect it; a full collection after each render frees it and keeps the worker flat.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const viz = await instance();

function render(job: WorkerJob): WorkerReply {
  const laidOut = job.candidates.map(({ direction, dot }) => {
    const svg = viz.renderString(dot, { format: 'svg', engine: 'dot' });
    const size = svgSize(svg);
    return { direction, svg, size, textPx: bodyTextPx(size) };
  });
  const best = laidOut.reduce((a, b) => (b.textPx > a.textPx ? b : a));
  const resvg = new Resvg(withFontFamily(best.svg, FONT_FAMILY), {
    background: 'white',
    fitTo: { mode: 'width', value: pngWidth(best.size) },
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, monospaceFamily: FONT_FAMILY },
  });
  const image = resvg.render();
  const png = image.asPng();
  const reply: WorkerReply = {
    id: job.id,
    ok: true,
    png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    width: image.width,
    height: image.height,
    direction: best.direction satisfies Direction,
    textPx: best.textPx,
  };
  return reply;
}

parentPort!.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    reply = render(job);
  } catch (error) {
    reply = { id: job.id, ok: false, reason: error instanceof Error ? error.message.slice(0, 200) : 'render failed' };
  }
  parentPort!.postMessage(reply);
  collectGarbage();
});
parentPort!.postMessage({ ready: true });
