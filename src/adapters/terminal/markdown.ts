// Markdown for the terminal: marked with marked-terminal's renderer (headings, bold, lists,
// tables), code blocks indented and set apart, colours only when the style allows them, and every
// line except code and tables wrapped at word boundaries (wrap-ansi keeps colour codes and wide characters intact).
import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';
import { styleText } from 'node:util';
import wrapAnsi from 'wrap-ansi';
import type { Reply } from '../../core/messages.js';
import type { TerminalStyle } from './style.js';

type Paint = (text: string) => string;
type Tone = NonNullable<Reply['tone']>;
type Format = Parameters<typeof styleText>[0];

const TONE_COLOURS: Record<Tone, Array<'green' | 'yellow' | 'red'>> = { neutral: [], info: [], success: ['green'], warning: ['yellow'], error: ['red'] };

const plain: Paint = (text) => text;
/** Our own choice of colour stream (the chat's output), not Node's guess from process.stdout. */
const paint = (format: Format): Paint => (text) => styleText(format, text, { validateStream: false });

/** Marks a code line so wrapping leaves it whole; the input has no control characters left (see showControls). */
const KEEP_WHOLE = '\u0001';
const CODE_INDENT = '    ';
const keepWhole: Paint = (text) => text.split('\n').map((line) => KEEP_WHOLE + line).join('\n');

export function paints(colors: boolean) {
  return {
    strong: colors ? paint('bold') : plain,
    heading: colors ? paint(['bold', 'underline']) : plain,
    code: colors ? paint('cyan') : plain,
    codespan: colors ? paint('cyan') : (text: string) => `\`${text}\``,
    dim: colors ? paint('dim') : plain,
    /** A reply's title, in its tone's colour. */
    title: (tone: Tone = 'neutral') => (colors ? paint(['bold', ...TONE_COLOURS[tone]]) : plain),
  };
}

function markedFor(colors: boolean): Marked {
  const p = paints(colors);
  // breaks: chat Markdown treats a single newline as a line break, as Discord and Slack do.
  const marked = new Marked({ gfm: true, breaks: true });
  marked.use(
    markedTerminal({
      emoji: false,
      showSectionPrefix: !colors, // without colour, "## Heading" is what sets a heading off
      reflowText: false, // wrapping happens afterwards, over every kind of line
      tab: 2,
      strong: p.strong,
      heading: p.heading,
      firstHeading: p.heading,
      codespan: p.codespan,
      em: colors ? paint('italic') : plain,
      blockquote: p.dim,
      del: p.dim,
      link: plain,
      href: p.dim,
      hr: plain,
      paragraph: plain,
      listitem: plain,
      table: keepWhole, // a table wider than the terminal is still read better whole than broken
      tableOptions: { style: colors ? { head: ['bold'], border: ['gray'] } : { head: [], border: [] } },
      html: plain,
    }),
  );
  // Code blocks: indented, painted, never highlighted (cli-highlight would ignore NO_COLOR) nor wrapped.
  marked.use({
    renderer: {
      code({ text }) {
        const lines = text.replace(/\n+$/, '').split('\n');
        return `${keepWhole(lines.map((line) => CODE_INDENT + p.code(line)).join('\n'))}\n\n`;
      },
    },
  });
  return marked;
}

const renderers = new Map<boolean, Marked>();

/** Renders chat Markdown for the terminal; `text` must already have its control characters made visible. */
export function renderMarkdown(text: string, style: TerminalStyle): string {
  let marked = renderers.get(style.colors);
  if (!marked) renderers.set(style.colors, (marked = markedFor(style.colors)));
  return wrapLines((marked.parse(text) as string).replace(/\n+$/, ''), style.width);
}

const LEADING = /^(\s*(?:(?:[*•-]|\d+\.)\s+)?)/;

/** Wraps each line at word boundaries to `width`, continuation lines indented under the text (list items too). */
export function wrapLines(text: string, width: number | undefined): string {
  return text
    .split('\n')
    .map((line) => {
      // The mark may sit after a list's indentation when the code is inside a list item.
      if (line.includes(KEEP_WHOLE)) return line.replace(KEEP_WHOLE, '');
      if (width === undefined) return line;
      const lead = LEADING.exec(line)![1]!;
      const room = Math.max(width - lead.length, 10);
      const wrapped = wrapAnsi(line.slice(lead.length), room, { hard: true, trim: true });
      return wrapped.split('\n').map((part, i) => (i === 0 ? lead : ' '.repeat(lead.length)) + part).join('\n');
    })
    .join('\n');
}
