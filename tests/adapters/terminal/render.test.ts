import { describe, expect, it } from 'vitest';
import { renderForTerminal, showControls } from '../../../src/adapters/terminal/render.js';

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
    const { text } = renderForTerminal({ body: 'b', fields: [{ name: 'k', value: 'v' }], attachments: [{ filename: 'out.txt', content: 'all' }], footer: 'page 1/2' });
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
