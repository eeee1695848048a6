import { describe, expect, it } from 'vitest';
import { packParts } from '../../src/core/text.js';

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
