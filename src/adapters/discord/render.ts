// Reply → Discord message: embeds, button rows and files, always within Discord's limits
// (description 4096, 6000 per message, 25 fields, 5 rows × 5 buttons, custom_id 100, label 80).
// Text that doesn't fit is cut with a note, and the full text travels as an attached file.
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed, APIEmbedField } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord.js';
import { pictureOf, textAttachment, type Attachment, type Button, type Field, type Reply, type Tone } from '../../core/messages.js';
import { attachmentBytes } from '../../core/limits.js';
import { safeLine, safeMarkdown } from './safe-text.js';

export const DISCORD_LIMITS = {
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Our own caps inside the 6000 total, so the body always keeps most of the room. */
  footerBudget: 300,
  fieldsBudget: 3000,
  embedTotal: 6000,
  embeds: 10,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  files: 10,
  fileDescription: 1024,
} as const;

export const TONE_COLOURS: Record<Tone, number> = {
  neutral: 0x99aab5,
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
};

const BUTTON_STYLES: Record<NonNullable<Button['style']>, ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

export interface RenderedFile {
  attachment: Buffer;
  name: string;
  /** Alt text (Discord shows it for images and reads it to screen readers). */
  description: string;
}

/** A body discord.js accepts for reply, editReply, update, followUp and channel.send. */
export interface RenderedMessage {
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponentWithCustomId>>;
  files: RenderedFile[];
  /**
   * The earlier attachments to keep when this body edits a message: none. Discord keeps every old
   * attachment an edit does not list, so a replaced picture would linger under the new one.
   * (discord.js appends the entries of `files` to this list, so each render makes a new one.)
   */
  attachments: [];
  /** Nobody is ever pinged by what the bot writes (program output, names, quiz text). */
  allowedMentions: { parse: []; repliedUser: false };
}

export function renderReply(reply: Reply): RenderedMessage {
  const attachments = [...(reply.attachments ?? [])];
  const embeds = renderEmbeds(reply, attachments);
  const picture = pictureOf(reply);
  // The picture travels as one of the files and shows in the first embed through attachment://.
  if (picture) embeds[0]!.image = { url: `attachment://${safeFilename(picture.filename)}` };
  return {
    embeds,
    components: renderButtons(reply.buttons ?? []),
    files: attachments.slice(0, DISCORD_LIMITS.files).map(renderFile),
    attachments: [],
    allowedMentions: { parse: [], repliedUser: false },
  };
}

/** Title on the first embed, fields and footer on the last, the body spread over as many as needed. */
function renderEmbeds(reply: Reply, attachments: Attachment[]): APIEmbed[] {
  const color = TONE_COLOURS[reply.tone ?? 'neutral'];
  const title = reply.title ? truncateLine(safeLine(reply.title), DISCORD_LIMITS.embedTitle) : undefined;
  const footer = reply.footer ? truncateLine(safeLine(reply.footer), DISCORD_LIMITS.footerBudget) : undefined;
  const fields = renderFields(reply.fields ?? []);
  const fixed = (title?.length ?? 0) + (footer?.length ?? 0) + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const chunks = descriptions(reply, DISCORD_LIMITS.embedTotal - fixed, attachments);
  const embeds: APIEmbed[] = chunks.map((chunk) => ({ color, ...(chunk ? { description: chunk } : {}) }));
  const first = embeds[0]!;
  const last = embeds.at(-1)!;
  if (title) first.title = title;
  if (fields.length) last.fields = fields;
  if (footer) last.footer = { text: footer };
  return embeds;
}

/**
 * The safe body as embed descriptions totalling at most `room` characters. Splitting inside a code
 * block adds fences, so the cut is retried with less text until the pieces fit.
 */
function descriptions(reply: Reply, room: number, attachments: Attachment[]): string[] {
  const body = safeMarkdown(reply.body.trim());
  if (!body) return [''];
  let budget = room;
  for (;;) {
    const chunks = splitMarkdown(body.length <= budget ? body : cutWithNote(reply, body, budget, attachments), DISCORD_LIMITS.embedDescription);
    const used = chunks.reduce((n, c) => n + c.length, 0);
    if (used <= room && chunks.length <= DISCORD_LIMITS.embeds) return chunks;
    budget -= used - room + 64;
  }
}

/** Cuts the body with a note pointing at the attached full text (attaching the body if no text is). */
function cutWithNote(reply: Reply, body: string, budget: number, attachments: Attachment[]): string {
  let fullText = attachments.find((a) => a.kind === 'text');
  if (!fullText) {
    fullText = textAttachment(`${slug(reply.title ?? 'reply')}.md`, reply.body, 'The full text of this message');
    attachments.unshift(fullText);
  }
  const note = `\n*… cut to fit Discord: the full text is attached as \`${safeFilename(fullText.filename)}\`.*`;
  return truncateMarkdown(body, budget - note.length) + note;
}

/** At most 25 fields, each within its limits, all together within the fields budget. */
function renderFields(fields: Field[]): APIEmbedField[] {
  const rendered: APIEmbedField[] = [];
  let used = 0;
  for (const field of fields.slice(0, DISCORD_LIMITS.embedFields)) {
    const name = truncateLine(safeLine(field.name), DISCORD_LIMITS.fieldName) || '—';
    const room = Math.min(DISCORD_LIMITS.fieldValue, DISCORD_LIMITS.fieldsBudget - used - name.length);
    if (room < 40) break;
    const value = truncateMarkdown(safeMarkdown(field.value), room) || '—';
    rendered.push({ name, value, inline: field.inline ?? false });
    used += name.length + value.length;
  }
  return rendered;
}

/** Up to 5 rows of 5 buttons; a repeated action id (Discord rejects duplicates) keeps its first button. */
function renderButtons(buttons: Button[]): Array<APIActionRowComponent<APIButtonComponentWithCustomId>> {
  const seen = new Set<string>();
  const unique = buttons.filter((b) => b.action.length <= DISCORD_LIMITS.customId && !seen.has(b.action) && seen.add(b.action));
  const rows: Array<APIActionRowComponent<APIButtonComponentWithCustomId>> = [];
  const capacity = DISCORD_LIMITS.rows * DISCORD_LIMITS.buttonsPerRow;
  unique.slice(0, capacity).forEach((button, index) => {
    if (index % DISCORD_LIMITS.buttonsPerRow === 0) rows.push({ type: ComponentType.ActionRow, components: [] });
    rows.at(-1)!.components.push({
      type: ComponentType.Button,
      custom_id: button.action,
      label: truncateLine(safeLine(button.label), DISCORD_LIMITS.buttonLabel) || '…',
      style: BUTTON_STYLES[button.style ?? 'secondary'],
      disabled: button.disabled ?? false,
    });
  });
  return rows;
}

function renderFile(attachment: Attachment): RenderedFile {
  const bytes = Buffer.from(attachmentBytes(attachment));
  return { attachment: bytes, name: safeFilename(attachment.filename), description: truncateLine(safeLine(attachment.alt), DISCORD_LIMITS.fileDescription) };
}

function safeFilename(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'attachment.txt';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'reply';
}

export function truncateLine(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

const FENCE_LINE = /^```/;
const CLOSE_FENCE = '\n```';

/**
 * Cuts safe Markdown to at most `limit` characters at a line end, closing a code block left open.
 * (Input comes from safeMarkdown, so only real fences start a line with ```.)
 */
export function truncateMarkdown(markdown: string, limit: number): string {
  if (markdown.length <= limit) return markdown;
  return `${splitMarkdown(markdown, limit - 2)[0] ?? ''}\n…`;
}

/** Packs lines into chunks of at most `limit` characters; a code block split across chunks is closed and reopened. */
export function splitMarkdown(markdown: string, limit: number): string[] {
  const room = limit - CLOSE_FENCE.length;
  const chunks: string[] = [];
  let lines: string[] = [];
  let length = -1;
  let openFence: string | undefined;
  const flush = () => {
    chunks.push(openFence ? `${lines.join('\n')}${CLOSE_FENCE}` : lines.join('\n'));
    lines = openFence ? [openFence] : [];
    length = openFence ? openFence.length : -1;
  };
  for (const line of markdown.split('\n').flatMap((l) => hardWrap(l, room - 24))) {
    // The room kept for closing a block is what a closing fence line uses, so it always fits.
    const closing = openFence !== undefined && FENCE_LINE.test(line);
    if (lines.length && length + 1 + line.length > (closing ? limit : room)) flush();
    lines.push(line);
    length += 1 + line.length;
    if (FENCE_LINE.test(line)) openFence = openFence ? undefined : line;
  }
  if (lines.length) chunks.push(lines.join('\n'));
  return chunks;
}

/** A line longer than a chunk (minified output) is broken into pieces. */
function hardWrap(line: string, requestedWidth: number): string[] {
  const width = Math.max(requestedWidth, 16);
  if (line.length <= width) return [line];
  const pieces: string[] = [];
  for (let i = 0; i < line.length; i += width) pieces.push(line.slice(i, i + width));
  return pieces;
}
