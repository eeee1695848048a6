// The step-through's picture cache: one drawing per run and snapshot, the least recently used
// dropped past the capacity, failures drawn again. The maker here counts its calls; the real
// renderer is behind the router tests (tests/core/commands/steps.test.ts).
import { describe, expect, it } from 'vitest';
import type { DrawnPicture, PictureMaker } from '../../../src/core/memcheck/picture.js';
import { StepPictures } from '../../../src/core/steps/pictures.js';
import { parentChildTrace } from '../../support/steps.js';

const graph = parentChildTrace().snapshots[0]!;

function countingMaker(answer: () => DrawnPicture = () => ({ ok: true, png: new Uint8Array([1]), alt: 'a', caption: [], sketch: 's' })) {
  const drawn: number[] = [];
  const maker: PictureMaker = { draw: async () => (drawn.push(drawn.length), answer()) };
  return { maker, drawn };
}

describe('StepPictures', () => {
  it('draws each run\'s snapshot once, and once for concurrent clicks', async () => {
    const { maker, drawn } = countingMaker();
    const pictures = new StepPictures(maker);
    await Promise.all([pictures.draw('run1', 0, graph), pictures.draw('run1', 0, graph)]);
    await pictures.draw('run1', 0, graph);
    await pictures.draw('run2', 0, graph);
    await pictures.draw('run1', 1, graph);
    expect(drawn).toHaveLength(3);
  });

  it('drops the least recently used picture past its capacity', async () => {
    const { maker, drawn } = countingMaker();
    const pictures = new StepPictures(maker, 2);
    await pictures.draw('r', 0, graph);
    await pictures.draw('r', 1, graph);
    await pictures.draw('r', 0, graph); // 0 is now the most recent
    await pictures.draw('r', 2, graph); // drops 1
    expect(drawn).toHaveLength(3);
    await pictures.draw('r', 0, graph);
    expect(drawn).toHaveLength(3);
    await pictures.draw('r', 1, graph);
    expect(drawn).toHaveLength(4);
  });

  it('draws again after a failure, and draws nothing without a maker', async () => {
    const { maker, drawn } = countingMaker(() => ({ ok: false, nothing: false, reason: 'took too long' }));
    const pictures = new StepPictures(maker);
    await pictures.draw('r', 0, graph);
    await pictures.draw('r', 0, graph);
    expect(drawn).toHaveLength(2);
    expect(new StepPictures(undefined).draw('r', 0, graph)).toBeUndefined();
  });
});
