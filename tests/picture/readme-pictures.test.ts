// The README shows pictures the renderer really drew: every image it links exists, decodes, and has text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';
import { darkTextShare } from './helpers.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const images = [...readme.matchAll(/!\[([^\]]*)\]\(([^)]+\.png)\)/g)].map(([, alt, file]) => ({ alt: alt!, file: file! }));

describe('README pictures', () => {
  it('shows at least the memory picture', () => {
    expect(images.map((image) => image.file)).toContain('docs/images/memory-picture.png');
  });

  for (const { alt, file } of images) {
    it(`${file} is a PNG with text, described by its alt text`, () => {
      const { width, height, share } = darkTextShare(readFileSync(path.join(REPO_ROOT, file)));
      expect(width).toBeGreaterThan(400);
      expect(height).toBeGreaterThan(300);
      expect(share).toBeGreaterThan(0.005);
      expect(alt.length).toBeGreaterThan(20);
    });
  }
});
