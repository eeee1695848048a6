// Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit). The renderer keeps every
// message inside them; the test stand-in enforces the same numbers, so a slip fails a test.
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  imageAltText: 2000,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  elementsPerActions: 25,
  /** Slack answers `msg_blocks_too_long` somewhere near 13k characters of block text. */
  messageTextChars: 13_000,
  modalTitle: 24,
  modalInput: 3000,
  privateMetadata: 3000,
  /** A response_url accepts five responses. */
  responsesPerUrl: 5,
} as const;

/** What the renderer allows itself per message: a margin under `messageTextChars`. */
export const MESSAGE_TEXT_BUDGET = 11_000;

/** At most this many messages for one reply; the rest is cut with a note. */
export const MAX_MESSAGES_PER_REPLY = 4;

/** Cuts text to `max` characters with an ellipsis, never leaving half an `&amp;`-style entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${cutBeforeEntity(text, max - 1)}…`;
}

/** The prefix of `text` at most `max` long that does not end inside an HTML entity. */
export function cutBeforeEntity(text: string, max: number): string {
  const cut = text.slice(0, max);
  const partialEntity = /&[a-z]{0,4}$/i.exec(cut);
  return partialEntity ? cut.slice(0, partialEntity.index) : cut;
}
