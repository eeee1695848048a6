// Markdown chunking that respects fenced code blocks: pages may break between blocks, never inside one.
import { fenceLanguage, isFenceLine } from '../markdown/fences.js';
import { packParts } from '../text.js';

/** Splits Markdown into blocks: each fenced code block whole, other text by blank lines. */
export function splitBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;
  const flush = () => {
    const text = current.join('\n').trim();
    if (text) blocks.push(text);
    current = [];
  };
  for (const line of markdown.split('\n')) {
    if (isFenceLine(line)) {
      if (!inFence) flush();
      current.push(line);
      inFence = !inFence;
      if (!inFence) flush();
      continue;
    }
    if (!inFence && line.trim() === '') {
      flush();
      continue;
    }
    current.push(line);
  }
  flush();
  return blocks;
}

export function isCodeBlock(block: string): boolean {
  return isFenceLine(block);
}

export interface CodeBlock {
  language: string;
  code: string;
}

/** The fenced code blocks of a Markdown text, in order. */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  return splitBlocks(markdown)
    .filter(isCodeBlock)
    .map((block) => {
      const lines = block.split('\n');
      const language = fenceLanguage(lines[0]!);
      return { language, code: lines.slice(1, -1).join('\n') };
    });
}

/** The runnable examples of a text: its ```python blocks. */
export function pythonExamples(markdown: string): string[] {
  return extractCodeBlocks(markdown)
    .filter((block) => block.language === 'python')
    .map((block) => block.code);
}

/**
 * Packs blocks into pages of at most `limit` characters. A heading starts a new page when the
 * current one is already half full, so sections tend to begin at the top of a page.
 */
export function paginate(markdown: string, limit: number): string[] {
  const blocks = splitBlocks(markdown).flatMap((block) => splitOversized(block, limit));
  return packParts(blocks, limit, '\n\n', (block, page) => /^#{1,6}\s/.test(block) && page.length > limit / 2);
}

/** Prose longer than a page is cut at line ends; code blocks are kept whole. */
function splitOversized(block: string, limit: number): string[] {
  if (block.length <= limit || isCodeBlock(block)) return [block];
  return packParts(block.split('\n'), limit, '\n');
}
