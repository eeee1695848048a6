// Markdown → Slack mrkdwn. marked parses (CommonMark + GFM); this file only serializes its tokens,
// escaping every piece of text so program output can never notify (`<!channel>`, `<@U…>`) or
// leave its code block.
import { lexer, type Token, type Tokens } from 'marked';

/** One top-level piece of a message: a paragraph, a list, a code block… */
export interface MrkdwnPiece {
  text: string;
  /** Code blocks are split by lines and re-fenced when they don't fit a section. */
  code: boolean;
}

const ZERO_WIDTH_SPACE = '\u200b';

/** Slack's three control characters as entities: the only escaping mrkdwn has. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Prose: escaped, except channel links (`<#C123>`, `<#C123|study>`), which the core writes to
 * name a channel and which notify nobody.
 */
export function escapeProse(text: string): string {
  return escapeMrkdwn(text).replace(/&lt;#([CG][A-Z0-9]{2,})(\|[\w.-]{1,80})?&gt;/g, '<#$1$2>');
}

/** Code text: escaped, and with every ``` broken up so it cannot close the block early. */
export function escapeCode(code: string): string {
  return escapeMrkdwn(code).replace(/```/g, `\`\`${ZERO_WIDTH_SPACE}\``);
}

export function codeBlock(code: string): string {
  return `\`\`\`\n${escapeCode(code)}\n\`\`\``;
}

export function markdownToMrkdwn(markdown: string): string {
  return markdownToPieces(markdown).map((p) => p.text).join('\n\n');
}

export function markdownToPieces(markdown: string): MrkdwnPiece[] {
  return lexer(markdown)
    .map((token) => ({ text: renderBlock(token), code: token.type === 'code' }))
    .filter((piece) => piece.text.trim() !== '');
}

function renderBlocks(tokens: Token[]): string {
  return tokens.map(renderBlock).filter((text) => text !== '').join('\n\n');
}

function renderBlock(token: Token): string {
  switch (token.type) {
    case 'heading':
      return `*${renderInline((token as Tokens.Heading).tokens)}*`;
    case 'paragraph':
      return renderInline((token as Tokens.Paragraph).tokens);
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? renderInline(text.tokens) : escapeMrkdwn(text.text);
    }
    case 'code':
      return codeBlock((token as Tokens.Code).text);
    case 'blockquote':
      return renderBlocks((token as Tokens.Blockquote).tokens)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'list':
      return renderList(token as Tokens.List);
    case 'table':
      return renderTable(token as Tokens.Table);
    case 'hr':
      return '──────────';
    case 'html':
      return escapeMrkdwn((token as Tokens.HTML).text.trim());
    case 'space':
    case 'def':
      return '';
    default:
      return 'tokens' in token && Array.isArray(token.tokens) ? renderInline(token.tokens) : escapeMrkdwn(token.raw);
  }
}

function renderList(list: Tokens.List): string {
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items
    .map((item, i) => {
      const marker = list.ordered ? `${start + i}.` : '•';
      const [first = '', ...rest] = item.tokens.map(renderListItemPart);
      // Nested content is indented so it reads as part of the item.
      const nested = rest.map((part) => part.replace(/^/gm, '    '));
      return [`${marker} ${first}`, ...nested].join('\n');
    })
    .join('\n');
}

function renderListItemPart(token: Token): string {
  return token.type === 'list' ? renderList(token as Tokens.List) : renderBlock(token);
}

/** Slack has no tables: a monospaced grid keeps the columns lined up. */
function renderTable(table: Tokens.Table): string {
  const rows = [table.header.map((cell) => cell.text), ...table.rows.map((row) => row.map((cell) => cell.text))];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('  '));
  return codeBlock(lines.join('\n'));
}

function renderInline(tokens: Token[]): string {
  return tokens.map(renderInlineToken).join('');
}

function renderInlineToken(token: Token): string {
  switch (token.type) {
    case 'strong':
      return `*${renderInline((token as Tokens.Strong).tokens)}*`;
    case 'em':
      return `_${renderInline((token as Tokens.Em).tokens)}_`;
    case 'del':
      return `~${renderInline((token as Tokens.Del).tokens)}~`;
    case 'codespan':
      // Slack ends inline code at the next backtick, whatever precedes it.
      return `\`${escapeMrkdwn((token as Tokens.Codespan).text).replace(/`/g, 'ˋ')}\``;
    case 'br':
      return '\n';
    case 'link':
    case 'image':
      return renderLink(token as Tokens.Link | Tokens.Image);
    case 'text':
    case 'escape':
    case 'html': {
      const text = token as Tokens.Text;
      return text.tokens ? renderInline(text.tokens) : escapeProse(text.text);
    }
    default:
      return escapeMrkdwn(token.raw);
  }
}

function renderLink(link: Tokens.Link | Tokens.Image): string {
  const label = link.type === 'link' ? renderInline(link.tokens) : escapeMrkdwn(link.text);
  if (!/^(https?:|mailto:)/i.test(link.href)) return label;
  // `|` and `>` would end the link early; percent-encoding keeps the URL valid.
  const href = escapeMrkdwn(link.href).replace(/\|/g, '%7C');
  return label && label !== href ? `<${href}|${label}>` : `<${href}>`;
}
