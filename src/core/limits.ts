// Limits every front end keeps, whatever a reply holds.
import type { Attachment } from './messages.js';

/** The most an attached file may weigh: a full text goes along, never a multi-megabyte dump. */
export const ATTACHMENT_MAX_BYTES = 2 ** 20;

const encoder = new TextEncoder();

/** `text` cut to at most `maxBytes` of UTF-8, with a note at the end when anything was cut. */
export function withinBytes(text: string, maxBytes: number = ATTACHMENT_MAX_BYTES): string {
  // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, makes 4).
  if (text.length * 3 <= maxBytes || encoder.encode(text).length <= maxBytes) return text;
  const note = '\n… (cut here: the text was too long to attach in full)\n';
  const room = maxBytes - encoder.encode(note).length;
  const { read } = encoder.encodeInto(text, new Uint8Array(room));
  return text.slice(0, read) + note;
}

/**
 * What a renderer sends for an attachment, never over ATTACHMENT_MAX_BYTES: a text cut with a note;
 * an image too big to send (never one of ours: pictures are a few dozen KB) is replaced by a line saying so.
 */
export function attachmentBytes(attachment: Pick<Attachment, 'data'>): Uint8Array {
  const { data } = attachment;
  if (typeof data === 'string') return encoder.encode(withinBytes(data));
  return data.length <= ATTACHMENT_MAX_BYTES ? data : encoder.encode(`(left out: ${data.length} bytes is over the ${ATTACHMENT_MAX_BYTES}-byte attachment limit)\n`);
}

/** An attachment's text, bounded like its bytes. */
export function attachmentText(attachment: Pick<Attachment, 'data'>): string {
  return typeof attachment.data === 'string' ? withinBytes(attachment.data) : new TextDecoder().decode(attachmentBytes(attachment));
}
