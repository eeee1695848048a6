// Makes Markdown from the core safe to show on Discord. Program output sits in fenced code blocks;
// Discord ends a code block at the first ``` anywhere, so backtick runs inside a block are broken
// with a zero-width space, and invisible format characters (bidi overrides such as U+202E,
// zero-width spaces and joiners) are shown as visible `<U+202E>` so output can't disguise itself.
// Outside code blocks, @everyone/@here are defused (allowedMentions already stops pings).
import { segmentMarkdown } from '../../core/markdown/fences.js';

const ZWSP = '\u200b';
/** Unicode format characters (Cf): bidi controls, zero-width characters, BOM, soft hyphen, … */
const INVISIBLE = /\p{Cf}/gu;
/** Bidi controls: dangerous even in prose (they reorder what follows). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const BACKTICK_RUN = /`{3,}/g;

function visible(char: string): string {
  return `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

function breakBacktickRuns(text: string): string {
  return text.replace(BACKTICK_RUN, (run) => run.split('').join(ZWSP));
}

/** A zero-width space between backticks: the core's own way of breaking a fence. */
const FENCE_BREAK = /(?<=`)\u200b(?=`)/g;

/**
 * The inside of a code block: cannot close the block, hides nothing. Zero-width spaces already
 * breaking backtick runs are taken out first, so they are not shown as <U+200B>; runs are re-broken.
 */
export function neutraliseCode(code: string): string {
  return breakBacktickRuns(code.replace(FENCE_BREAK, '').replace(INVISIBLE, visible));
}

/** Prose: bidi controls made visible, mass mentions defused, no stray ``` opening a block mid-line. */
export function neutraliseProse(text: string): string {
  return breakBacktickRuns(text.replace(BIDI, visible).replace(/@(everyone|here)\b/g, `@${ZWSP}$1`));
}

/** Safe Discord Markdown: every code block re-fenced with ``` around neutralised contents. */
export function safeMarkdown(markdown: string): string {
  return segmentMarkdown(markdown)
    .map((s) => (s.kind === 'code' ? `\`\`\`${safeLanguage(s.language)}\n${neutraliseCode(s.text)}\n\`\`\`` : neutraliseProse(s.text)))
    .join('\n');
}

function safeLanguage(language = ''): string {
  return /^[\w+#.-]{1,20}$/.test(language) ? language : '';
}

/** Any short one-line text (titles, labels, field names): no newlines, no bidi tricks, no mass mentions. */
export function safeLine(text: string): string {
  return neutraliseProse(text.replace(/\s*\n\s*/g, ' '));
}
