// Every string in a picture came from the sandbox, so it is hostile: it is clipped, stripped of
// characters that reorder, hide or break text, and escaped before it reaches DOT or SVG.
import { graphLimits } from '../../sandbox/graph.js';

/** Control, format (bidi overrides, zero-width), surrogate, private-use and separator characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/gu;

/** At most `max` characters (code points), ending in "…" when cut; never scans past what it keeps. */
export function clip(raw: string, max: number = graphLimits.text): string {
  const chars = Array.from(raw.slice(0, max * 2 + 2));
  const visible = chars.length > max || raw.length > max * 2 + 2 ? [...chars.slice(0, max - 1), '…'] : chars;
  return visible.join('').replace(INVISIBLE, '\uFFFD');
}

/** Text for a Graphviz HTML-like label: clipped and entity-escaped. */
export function htmlText(raw: string, max?: number): string {
  return clip(raw, max).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "1,368": byte counts grouped the way the captions read. */
export function grouped(n: number): string {
  return n.toLocaleString('en-US');
}
