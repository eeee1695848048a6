// Plain-text rendering of neutral replies for the terminal: buttons become numbered choices, text
// attachments are printed, images are written to a temporary folder and shown as path plus alt text.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Attachment, Button, Reply } from '../../core/messages.js';
import { attachmentBytes, attachmentText } from '../../core/limits.js';

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
}

export function renderForTerminal(reply: Reply, { withChoices = true, imageDir }: TerminalRenderOptions = {}): TerminalView {
  const parts: string[] = [];
  const mark = MARKS[reply.tone ?? 'neutral'];
  if (reply.title) parts.push(`== ${mark}${reply.title} ==`);
  parts.push(reply.title ? reply.body : `${mark}${reply.body}`);
  if (reply.fields?.length) parts.push(reply.fields.map((f) => `${f.name}: ${f.value}`).join('\n'));
  for (const attachment of reply.attachments ?? []) parts.push(showAttachment(attachment, imageDir));
  if (reply.footer) parts.push(`— ${reply.footer}`);
  const choices = withChoices ? (reply.buttons ?? []).filter((b) => !b.disabled) : [];
  if (choices.length) {
    parts.push(`${choices.map((b, i) => `[${i + 1}] ${b.label}`).join('   ')}\n(type a number to choose)`);
  }
  return { text: `${showControls(parts.join('\n\n'))}\n`, choices };
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
