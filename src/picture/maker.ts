// The renderer as the core's PictureMaker (src/core/memcheck/picture.ts): the picture, its alt
// text and caption, and the terminal's text drawing of the same graph.
import type { PictureMaker } from '../core/memcheck/picture.js';
import { drawNamesAsText } from './drawing.js';
import { hasPicture, type PictureRenderer } from './renderer.js';

export function pictureMaker(renderer: PictureRenderer): PictureMaker {
  return {
    async draw(graph) {
      if (!hasPicture(graph)) return { ok: false, nothing: true, reason: 'no objects worth drawing' };
      const drawn = await renderer.render(graph);
      if (!drawn.ok) return { ok: false, nothing: false, reason: drawn.reason };
      return { ok: true, png: drawn.png, alt: drawn.alt, caption: drawn.caption, sketch: drawNamesAsText(graph) };
    },
  };
}
