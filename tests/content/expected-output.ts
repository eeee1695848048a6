// The expected-output form of the lessons: every ```python block is followed by an ```output block with
// what it prints. In an output line `…` stands for any text (addresses, figures that vary from run to
// run) and `~N` for a number within SIZE_TOLERANCE of N; everything else must match exactly.
import { extractCodeBlocks } from '../../src/core/lessons/markdown.js';

export const SIZE_TOLERANCE = 0.25;
const TOKEN = /…|~(\d+(?:\.\d+)?)/g;

export interface Example {
  code: string;
  /** Undefined when the block has no ```output block right after it. */
  output: string | undefined;
}

/** The ```python blocks of a Markdown text, each with the ```output block that follows it. */
export function examplesWithOutput(markdown: string): Example[] {
  const blocks = extractCodeBlocks(markdown);
  return blocks.flatMap((block, i) => {
    if (block.language !== 'python') return [];
    const next = blocks[i + 1];
    return [{ code: block.code, output: next?.language === 'output' ? next.code : undefined }];
  });
}

/** Why `actual` does not match `expected`, or undefined when it does. */
export function outputMismatch(actual: string, expected: string): string | undefined {
  const actualLines = actual.trimEnd().split('\n');
  const expectedLines = expected.trimEnd().split('\n');
  if (actualLines.length !== expectedLines.length) {
    return `${actualLines.length} lines printed, ${expectedLines.length} expected:\n${actual}`;
  }
  for (const [i, line] of expectedLines.entries()) {
    if (!lineMatches(actualLines[i]!.trimEnd(), line.trimEnd())) return `line ${i + 1}: printed “${actualLines[i]}”, expected “${line}”`;
  }
  return undefined;
}

function lineMatches(actual: string, expected: string): boolean {
  const approximations: number[] = [];
  let pattern = '';
  let last = 0;
  for (const token of expected.matchAll(TOKEN)) {
    pattern += escapeRegExp(expected.slice(last, token.index));
    if (token[1] === undefined) pattern += '.*?';
    else {
      approximations.push(Number(token[1]));
      pattern += '(-?\\d+(?:\\.\\d+)?)';
    }
    last = token.index + token[0].length;
  }
  pattern += escapeRegExp(expected.slice(last));
  const match = new RegExp(`^${pattern}$`).exec(actual);
  if (!match) return false;
  return approximations.every((want, i) => Math.abs(Number(match[i + 1]) - want) <= want * SIZE_TOLERANCE);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
