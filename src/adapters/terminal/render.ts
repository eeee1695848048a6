// Rendering of neutral replies for the terminal: Markdown rendered and wrapped (see markdown.ts),
// buttons become numbered choices (lettered A–D when the labels are, as quiz answers are), text
// attachments are printed, images are written to a temporary folder and shown as path plus alt text.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Attachment, Button, Reply } from '../../core/messages.js';
import { attachmentBytes, attachmentText } from '../../core/limits.js';
import { paints, renderMarkdown, wrapLines } from './markdown.js';
import { PLAIN, type TerminalStyle } from './style.js';

export interface TerminalView {
  text: string;
  /** Enabled buttons, in the order they are numbered (1-based) in `text`. */
  choices: Button[];
}

const MARKS: Record<NonNullable<Reply['tone']>, string> = {
  neutral: '',
  info: '',
  success: '✔ ',
  warning: '⚠ ',
  error: '✖ ',
};

export interface TerminalRenderOptions {
  withChoices?: boolean;
  /** Where images are written; by default a folder of this process under the system's temp folder. */
  imageDir?: string;
  /** Colours and width; plain and unwrapped by default. */
  style?: TerminalStyle;
}

export function renderForTerminal(reply: Reply, { withChoices = true, imageDir, style = PLAIN }: TerminalRenderOptions = {}): TerminalView {
  const parts: string[] = [];
  const mark = MARKS[reply.tone ?? 'neutral'];
  // Untrusted text (program output, names) has its control characters made visible before any
  // colour codes of ours are added.
  const markdown = (text: string) => renderMarkdown(showControls(text), style);
  if (reply.title) parts.push(wrapLines(paints(style.colors).title(reply.tone)(`== ${mark}${showControls(reply.title)} ==`), style.width));
  parts.push(markdown(reply.title ? reply.body : `${mark}${reply.body}`));
  if (reply.fields?.length) parts.push(markdown(reply.fields.map((f) => `**${f.name}:** ${f.value}`).join('\n')));
  for (const attachment of reply.attachments ?? []) parts.push(showControls(showAttachment(attachment, imageDir)));
  if (reply.footer) parts.push(wrapLines(paints(style.colors).dim(`— ${showControls(reply.footer)}`), style.width));
  const choices = withChoices ? (reply.buttons ?? []).filter((b) => !b.disabled) : [];
  if (choices.length) parts.push(choiceList(choices, style));
  return { text: `${parts.join('\n\n')}\n`, choices };
}

const LETTERED = /^([A-J])\. (.*)$/s;

/** Quiz answers are labelled `A. …`, `B. …`: shown and typed as letters, so they agree with "You chose C". */
export function isLettered(choices: readonly Button[]): boolean {
  return choices.every((c, i) => LETTERED.exec(c.label)?.[1] === String.fromCharCode(65 + i));
}

/** The choices as `[1] Next   [2] Run` (or `[A] …`), one per line when they do not fit on one, and how to pick. */
export function choiceList(choices: readonly Button[], style: TerminalStyle = PLAIN): string {
  const lettered = isLettered(choices);
  const items = choices.map((c, i) => (lettered ? `[${c.label.charAt(0)}] ${c.label.slice(3)}` : `[${i + 1}] ${c.label}`)).map(showControls);
  const oneLine = items.join('   ');
  const list = style.width !== undefined && oneLine.length > style.width ? items.join('\n') : oneLine;
  const how = lettered ? `(type a letter, ${choiceRange(choices)}, to choose)` : '(type a number to choose)';
  return wrapLines(`${list}\n${how}`, style.width);
}

/** `1 to 3`, or `A to D` for lettered choices. */
export function choiceRange(choices: readonly Button[]): string {
  return isLettered(choices) ? `A to ${String.fromCharCode(64 + choices.length)}` : `1 to ${choices.length}`;
}

/** The choice a typed `2` (or `b`, for lettered choices) picks, if any. */
export function pickChoice(choices: readonly Button[], typed: string): Button | undefined {
  const text = typed.trim();
  if (/^\d{1,2}$/.test(text)) return choices[Number(text) - 1];
  if (/^[a-j]$/i.test(text) && isLettered(choices)) return choices[text.toUpperCase().charCodeAt(0) - 65];
  return undefined;
}

function showAttachment(attachment: Attachment, imageDir: string | undefined): string {
  if (attachment.kind === 'image') {
    const sketch = attachment.sketch ? `\n${attachment.sketch}` : '';
    return `🖼 ${attachment.alt}${sketch}\n(image saved as ${saveImage(attachment, imageDir ?? processImageDir())})`;
  }
  return `--- ${attachment.filename.slice(0, 100)} ---\n${attachmentText(attachment)}`;
}

let imageDirOfProcess: string | undefined;

function processImageDir(): string {
  imageDirOfProcess ??= mkdtempSync(path.join(tmpdir(), 'memtutor-images-'));
  return imageDirOfProcess;
}

/** Writes the image under a name of our making (the filename is only a hint), never outside `dir`. */
function saveImage(attachment: Attachment, dir: string): string {
  const name = path.basename(attachment.filename).replace(/[^\w.-]+/g, '_').replace(/^\.+/, '') || 'image.png';
  const file = path.join(dir, name);
  writeFileSync(file, attachmentBytes(attachment));
  return file;
}

// eslint-disable-next-line no-control-regex -- these are exactly the characters to neutralise
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Program output is untrusted: escape sequences could clear the screen, retitle the terminal or
 * write the clipboard, and bidi overrides could disguise text. Show them as visible marks instead.
 */
export function showControls(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}
