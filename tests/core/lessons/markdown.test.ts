import { describe, expect, it } from 'vitest';
import { extractCodeBlocks, paginate, splitBlocks } from '../../../src/core/lessons/markdown.js';

const fence = '```';
const code = (lines: number) => `${fence}python\n${Array.from({ length: lines }, (_, i) => `x${i} = [${i}]`).join('\n')}\n${fence}`;

describe('splitBlocks', () => {
  it('keeps a code block with blank lines inside as one block', () => {
    const blocks = splitBlocks(`Intro.\n\n${fence}python\na = 1\n\nb = 2\n${fence}\n\nOutro.`);
    expect(blocks).toEqual(['Intro.', `${fence}python\na = 1\n\nb = 2\n${fence}`, 'Outro.']);
  });
});

describe('paginate', () => {
  it('never exceeds the limit and never splits a code block', () => {
    const text = Array.from({ length: 12 }, (_, i) => `### Part ${i}\n\nSome prose about part ${i}.\n\n${code(20)}`).join('\n\n');
    const pages = paginate(text, 1000);
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(1000);
      expect(page.split(fence).length % 2).toBe(1);
    }
    expect(pages.join('\n\n')).toBe(text);
  });

  it('starts a section on a new page once the page is half full', () => {
    const pages = paginate(`${'a'.repeat(600)}\n\n## Next section\n\nbody`, 1000);
    expect(pages).toHaveLength(2);
    expect(pages[1]!.startsWith('## Next section')).toBe(true);
  });

  it('cuts prose longer than a page at line ends', () => {
    const prose = Array.from({ length: 50 }, () => 'word '.repeat(10).trim()).join('\n');
    const pages = paginate(prose, 200);
    expect(pages.every((p) => p.length <= 200)).toBe(true);
    expect(pages.join('\n')).toBe(prose);
  });
});

describe('extractCodeBlocks', () => {
  it('returns each fenced block with its language', () => {
    expect(extractCodeBlocks(`a\n\n${fence}python\nx = 1\n${fence}\n\n${fence}text\nout\n${fence}`)).toEqual([
      { language: 'python', code: 'x = 1' },
      { language: 'text', code: 'out' },
    ]);
  });
});
