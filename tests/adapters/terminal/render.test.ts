import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderForTerminal, showControls } from '../../../src/adapters/terminal/render.js';
import { pngAttachment, tinyPng } from '../../support/png.js';

describe('renderForTerminal', () => {
  it('numbers the enabled buttons as choices and leaves disabled ones out', () => {
    const view = renderForTerminal({
      title: 'T',
      body: 'b',
      buttons: [
        { label: 'Prev', action: 'p', disabled: true },
        { label: 'Next', action: 'n' },
        { label: 'Run', action: 'r' },
      ],
    });
    expect(view.choices.map((c) => c.action)).toEqual(['n', 'r']);
    expect(view.text).toContain('[1] Next   [2] Run');
  });

  it('shows fields, attachments and the footer', () => {
    const { text } = renderForTerminal({ body: 'b', fields: [{ name: 'k', value: 'v' }], attachments: [{ kind: 'text', filename: 'out.txt', data: 'all', alt: 'the full text' }], footer: 'page 1/2' });
    expect(text).toContain('k: v');
    expect(text).toContain('--- out.txt ---\nall');
    expect(text).toContain('— page 1/2');
  });
});

describe('showControls', () => {
  it('makes escape sequences, C1 controls and bidi overrides visible, keeping newlines and tabs', () => {
    expect(showControls('a\x1b[2Jb\x07\tc\nd\x7f\x9b\u202e')).toBe('a\u241b[2Jb\u2407\tc\nd\u2421<U+009B><U+202E>');
  });
});

describe('pictures in the terminal', () => {
  it('writes the image into the image folder and prints its path and alt text', () => {
    const imageDir = mkdtempSync(path.join(tmpdir(), 'memtutor-render-'));
    const png = pngAttachment();
    const { text } = renderForTerminal({ body: 'See the picture.', attachments: [png], picture: png.filename }, { imageDir });
    const saved = path.join(imageDir, 'memory.png');
    expect(text).toContain(png.alt);
    expect(text).toContain(`(image saved as ${saved})`);
    expect(readFileSync(saved)).toEqual(Buffer.from(tinyPng()));
  });

  it('never writes outside the image folder, whatever the filename says', () => {
    const imageDir = mkdtempSync(path.join(tmpdir(), 'memtutor-render-'));
    const { text } = renderForTerminal({ body: 'x', attachments: [pngAttachment('../../evil/.hidden.png')] }, { imageDir });
    const saved = path.join(imageDir, 'hidden.png');
    expect(text).toContain(`(image saved as ${saved})`);
    expect(readFileSync(saved)).toEqual(Buffer.from(tinyPng()));
  });
});
