import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { pickChoice, renderForTerminal, showControls } from '../../../src/adapters/terminal/render.js';
import { terminalStyle } from '../../../src/adapters/terminal/style.js';
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

describe('Markdown in the terminal', () => {
  const body = '## Cycles\n\nA **cycle** keeps `a` and `b` alive until the collector runs, which may be a long time later.\n\n```python\na = []; a.append(a)  # a list that holds itself, longer than the width\n```';

  it('renders bold, headings and code spans without their marks, and sets code blocks off', () => {
    const { text } = renderForTerminal({ body }, { style: { colors: false } });
    expect(text).toContain('## Cycles');
    expect(text).toContain('A cycle keeps `a` and `b` alive');
    expect(text).not.toContain('**');
    expect(text).toContain('\n    a = []; a.append(a)  # a list that holds itself, longer than the width\n');
  });

  it('wraps at word boundaries to the width, but never a line of code', () => {
    const { text } = renderForTerminal({ body }, { style: { colors: false, width: 30 } });
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => l.length > 30)).toEqual(['    a = []; a.append(a)  # a list that holds itself, longer than the width']);
    expect(lines).toContain('A cycle keeps `a` and `b`');
    expect(lines).toContain('alive until the collector');
  });

  it('keeps code inside a list item whole too, with no mark left behind', () => {
    const { text } = renderForTerminal({ body: '- first:\n\n  ```python\n  numbers = [n * n for n in range(10)]  # squares\n  ```' }, { style: { colors: false, width: 20 } });
    expect(text).toMatch(/^ +numbers = \[n \* n for n in range\(10\)\] {2}# squares$/m);
    expect(text).not.toContain('\u0001');
  });

  it('draws a table whole, never wrapped, and plain without colours', () => {
    const { text } = renderForTerminal({ body: '| Object | here | 64-bit |\n| --- | --- | --- |\n| `42` | 16 | 28 |' }, { style: { colors: false, width: 20 } });
    expect(text).toContain('│ `42`   │ 16   │ 28     │');
    expect(text).not.toContain('\x1b');
  });

  it('paints only when colours are on, after untrusted control characters are made visible', () => {
    const { text } = renderForTerminal({ title: 'T', body: '**x**\x1b[2J' }, { style: { colors: true } });
    expect(text).toContain('\x1b[1mx\x1b[22m\u241b[2J');
    expect(renderForTerminal({ body: '**x**' }, { style: { colors: false } }).text).toBe('x\n');
  });

  it('letters quiz answers and picks them by letter or number', () => {
    const choices = [
      { label: 'A. one', action: 'a' },
      { label: 'B. two', action: 'b' },
    ];
    const { text } = renderForTerminal({ body: 'q', buttons: choices });
    expect(text).toContain('[A] one   [B] two\n(type a letter, A to B, to choose)');
    expect(pickChoice(choices, 'b')?.action).toBe('b');
    expect(pickChoice(choices, '1')?.action).toBe('a');
    expect(pickChoice(choices, 'c')).toBeUndefined();
    expect(pickChoice([{ label: 'Next', action: 'n' }], 'a')).toBeUndefined();
  });
});

describe('terminalStyle', () => {
  const tty = (columns: number) => Object.assign(new PassThrough(), { isTTY: true, columns });

  it('colours and wraps a TTY, respects NO_COLOR and TERM=dumb, and leaves a pipe plain', () => {
    expect(terminalStyle(tty(72), {})).toEqual({ colors: true, width: 72 });
    expect(terminalStyle(tty(72), { NO_COLOR: '1' })).toEqual({ colors: false, width: 72 });
    expect(terminalStyle(tty(72), { NO_COLOR: '' })).toEqual({ colors: true, width: 72 });
    expect(terminalStyle(tty(72), { TERM: 'dumb' }).colors).toBe(false);
    expect(terminalStyle(new PassThrough(), {})).toEqual({ colors: false });
  });
});
