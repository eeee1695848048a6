// Code fences, parsed in one place. Two readings, on purpose:
//  - chat text (what a user typed or pasted) is read leniently: a fence may open and close on the
//    same line as code, as people type in Slack and Discord;
//  - Markdown documents (lessons, replies to render) follow CommonMark: a fence is a line of 3+
//    backticks or tildes, closed by a line of the same character at least as long.
// Both agree on which languages count as Python.

/** Fence labels we run as Python; an unlabelled fence counts too (people often leave it off). */
export const PYTHON_LANGUAGES: ReadonlySet<string> = new Set(['', 'python', 'py', 'python3', 'py3']);

export function isPythonLanguage(language: string): boolean {
  return PYTHON_LANGUAGES.has(language.trim().toLowerCase());
}

export interface CodeBlock {
  /** The label after the opening fence, lower-cased ('' when none). */
  language: string;
  code: string;
}

/** A word right after the opening ``` is a label only when the line ends there: in ```x = 1``` it is code. */
const CHAT_FENCE = /```(?:[ \t]*([\w+-]*)[ \t]*\r?\n)?([\s\S]*?)```/g;

/** The ```-fenced blocks of chat text, in order. */
export function chatCodeBlocks(text: string): CodeBlock[] {
  return [...text.matchAll(CHAT_FENCE)].map((m) => ({ language: (m[1] ?? '').toLowerCase(), code: m[2]!.replace(/\s+$/, '') }));
}

/** Chat text with every block on fence lines of its own, label kept: Slack allows ```code``` on one line. */
export function fencesOnOwnLines(text: string): string {
  return text.replace(CHAT_FENCE, (_, language: string | undefined, code: string) => `\n\`\`\`${language ?? ''}\n${code.replace(/^\n+|\s+$/g, '')}\n\`\`\`\n`).trim();
}

/** The first Python (or unlabelled) block of chat text, if any. */
export function pythonCodeIn(text: string): string | undefined {
  return chatCodeBlocks(text).find((block) => isPythonLanguage(block.language))?.code;
}

/** True while chat text has a ``` fence opened and not yet closed (the terminal keeps reading lines). */
export function hasOpenFence(text: string): boolean {
  return (text.match(/```/g)?.length ?? 0) % 2 === 1;
}

const FENCE_LINE = /^\s*(```|~~~)/;

/** A line that opens or closes a fenced block in a lesson page (the pager never cuts inside one). */
export function isFenceLine(line: string): boolean {
  return FENCE_LINE.test(line);
}

/** The label after a fence line's backticks or tildes, lower-cased. */
export function fenceLanguage(line: string): string {
  return line.replace(FENCE_LINE, '').trim().toLowerCase();
}

export interface MarkdownSegment {
  kind: 'prose' | 'code';
  /** For code: the language after the opening fence. */
  language?: string;
  text: string;
}

const OPENING_FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;

/**
 * Splits Markdown into prose and fenced code segments with CommonMark's rule: a block closes at a
 * line holding only a fence of the same character at least as long as the opening one. So the core
 * can fence output containing ``` with a longer fence (````) and the block still ends where it should.
 */
export function segmentMarkdown(markdown: string): MarkdownSegment[] {
  const segments: MarkdownSegment[] = [];
  let prose: string[] = [];
  let code: { fence: string; language: string; lines: string[] } | undefined;
  const flushProse = () => {
    if (prose.length) segments.push({ kind: 'prose', text: prose.join('\n') });
    prose = [];
  };
  for (const line of markdown.split('\n')) {
    if (code) {
      if (closesFence(line, code.fence)) {
        segments.push({ kind: 'code', language: code.language, text: code.lines.join('\n') });
        code = undefined;
      } else {
        code.lines.push(line);
      }
      continue;
    }
    const opening = OPENING_FENCE.exec(line);
    if (opening) {
      flushProse();
      code = { fence: opening[1]!, language: opening[2] ?? '', lines: [] };
    } else {
      prose.push(line);
    }
  }
  if (code) segments.push({ kind: 'code', language: code.language, text: code.lines.join('\n') });
  flushProse();
  return segments;
}

function closesFence(line: string, fence: string): boolean {
  const closing = line.trim();
  return closing.length >= fence.length && closing === closing[0]!.repeat(closing.length) && closing[0] === fence[0];
}
