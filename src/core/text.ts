// Text packing shared by the lesson pager and the platform renderers.

/**
 * Greedily joins `parts` with `separator` into chunks of at most `limit` characters. A part that is
 * longer than `limit` on its own becomes a chunk by itself (callers cut such parts first when they
 * must). `startsNewChunk` can end a chunk early, e.g. before a heading.
 */
export function packParts(
  parts: Iterable<string>,
  limit: number,
  separator: string,
  startsNewChunk?: (part: string, current: string) => boolean,
): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const part of parts) {
    const joined = current ? `${current}${separator}${part}` : part;
    if (current && (joined.length > limit || startsNewChunk?.(part, current))) {
      chunks.push(current);
      current = part;
    } else {
      current = joined;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Inline Markdown code spans as plain text, for places that show no Markdown (button labels). */
export function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)(.+?)\1/g, '$2');
}
