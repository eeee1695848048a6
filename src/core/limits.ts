// Limits every front end keeps, whatever a reply holds.

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
