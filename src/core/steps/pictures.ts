// The step-through's pictures: one per snapshot of a run, drawn through the core's PictureMaker and
// kept in a small LRU cache, since clicking back and forth redraws the same few snapshots.
import type { DrawnPicture, PictureMaker, ReportGraph } from '../memcheck/picture.js';

export const STEP_PICTURE_CACHE_SIZE = 32;

export class StepPictures {
  /** Insertion order is recency order: a hit is moved to the end, the first entry is the oldest. */
  private readonly cache = new Map<string, Promise<DrawnPicture>>();

  constructor(
    private readonly maker: PictureMaker | undefined,
    private readonly capacity = STEP_PICTURE_CACHE_SIZE,
  ) {}

  /** The picture of snapshot `index` of run `runId`; undefined when the core draws no pictures. */
  draw(runId: string, index: number, graph: ReportGraph): Promise<DrawnPicture> | undefined {
    if (!this.maker) return undefined;
    const key = `${runId}:${index}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    // Concurrent clicks share one drawing; a failure (time bound on a busy host) is not kept.
    const drawing = this.maker.draw(graph).then((drawn) => {
      if (!drawn.ok && !drawn.nothing) this.cache.delete(key);
      return drawn;
    });
    this.cache.set(key, drawing);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
    return drawing;
  }
}
