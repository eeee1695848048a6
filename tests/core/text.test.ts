import { describe, expect, it } from 'vitest';
import { packParts, withoutCodeSpans } from '../../src/core/text.js';

describe('packParts', () => {
  it('joins parts greedily up to the limit', () => {
    expect(packParts(['aa', 'bb', 'cc', 'dd'], 5, '-')).toEqual(['aa-bb', 'cc-dd']);
  });

  it('keeps an oversized part whole, on its own', () => {
    expect(packParts(['a', 'toolongpart', 'b'], 5, ' ')).toEqual(['a', 'toolongpart', 'b']);
  });

  it('starts a new chunk where the caller asks', () => {
    expect(packParts(['a', '#b', 'c'], 100, ' ', (part) => part.startsWith('#'))).toEqual(['a', '#b c']);
  });

  it('returns nothing for no parts', () => {
    expect(packParts([], 10, ' ')).toEqual([]);
  });
});

describe('withoutCodeSpans', () => {
  it('keeps the text of inline code spans and drops their backticks', () => {
    expect(withoutCodeSpans('The `listeners` list holds `self`')).toBe('The listeners list holds self');
    expect(withoutCodeSpans('``a`b`` and plain')).toBe('a`b and plain');
  });
});
