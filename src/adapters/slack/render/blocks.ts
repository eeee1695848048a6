// Reply → Block Kit messages. A reply that does not fit one Slack message is split into several
// (header first, buttons last); past MAX_MESSAGES_PER_REPLY it is cut with a note. Never rejected.
import type { types } from '@slack/bolt';
import type { Button, Field, Reply, Tone } from '../../../core/messages.js';
import { escapeMrkdwn, markdownToPieces, type MrkdwnPiece } from './mrkdwn.js';
import { MAX_MESSAGES_PER_REPLY, MESSAGE_TEXT_BUDGET, SLACK_LIMITS, cutBeforeEntity, truncate } from './limits.js';
import { packParts } from '../../../core/text.js';

export type Block = types.KnownBlock;

export interface SlackMessage {
  /** Notification and fallback text. */
  text: string;
  blocks: Block[];
}

const TONE_EMOJI: Record<Tone, string> = { neutral: '', info: '', success: '✅ ', warning: '⚠️ ', error: '❌ ' };
const CUT_NOTE = '✂️ _The rest did not fit in Slack and was cut._';
const FENCE_OVERHEAD = '```\n\n```'.length;

/** The reply as Slack messages: usually one; a long reply is split, and cut past `maxMessages`. */
/** A reply's picture once uploaded: image blocks can only show a file Slack already holds. */
export interface UploadedPicture {
  fileId: string;
  alt: string;
}

export function renderReply(reply: Reply, maxMessages: number = MAX_MESSAGES_PER_REPLY, picture?: UploadedPicture): SlackMessage[] {
  const content = [...titleBlocks(reply), ...pictureBlocks(picture), ...bodyBlocks(reply.body), ...fieldBlocks(reply.fields ?? [])];
  const tail = [...footerBlocks(reply.footer), ...buttonBlocks(reply.buttons ?? [])];
  const text = fallbackText(reply);
  const messages = capMessages(packMessages(content, tail), maxMessages);
  if (picture && messages.length === 1) namePictureInButtons(messages[0]!, picture.fileId);
  return messages.map((blocks) => ({ text, blocks }));
}

/**
 * A click reports the block id of its button (also on an ephemeral message, of which Slack sends
 * nothing else): the picture's file id in it lets an update delete the picture it replaces.
 */
function namePictureInButtons(blocks: Block[], fileId: string): void {
  let index = 0;
  for (const block of blocks) if (block.type === 'actions') block.block_id = `picture:${fileId}:${index++}`;
}

/** The picture a clicked button's message shows, from the button's block id. */
export function pictureOfButtonBlock(blockId: string | undefined): string | undefined {
  return /^picture:([^:]+):\d+$/.exec(blockId ?? '')?.[1];
}

/** The blocks of a reply for a view (App Home, modal): one list, cut to `maxBlocks`. */
export function replyBlocks(reply: Reply, maxBlocks: number): Block[] {
  const blocks = [...titleBlocks(reply), ...bodyBlocks(reply.body), ...fieldBlocks(reply.fields ?? []), ...footerBlocks(reply.footer), ...buttonBlocks(reply.buttons ?? [])];
  return blocks.length <= maxBlocks ? blocks : [...blocks.slice(0, maxBlocks - 1), contextBlock(CUT_NOTE)];
}

function titleBlocks(reply: Reply): Block[] {
  if (!reply.title) return [];
  const title = `${TONE_EMOJI[reply.tone ?? 'neutral']}${reply.title}`;
  return [{ type: 'header', text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.headerText), emoji: true } }];
}

function pictureBlocks(picture: UploadedPicture | undefined): Block[] {
  if (!picture) return [];
  return [{ type: 'image', slack_file: { id: picture.fileId }, alt_text: truncate(picture.alt || 'picture', SLACK_LIMITS.imageAltText) }];
}

function bodyBlocks(markdown: string): Block[] {
  return sectionTexts(markdownToPieces(markdown)).map(sectionBlock);
}

function sectionBlock(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function contextBlock(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) }] };
}

/** Packs pieces into section texts of at most 3000 characters. */
export function sectionTexts(pieces: MrkdwnPiece[], limit: number = SLACK_LIMITS.sectionText): string[] {
  return packParts(pieces.flatMap((piece) => fitPiece(piece, limit)), limit, '\n\n');
}

/** A piece longer than a section: code is re-fenced per chunk, prose is cut at line ends. */
function fitPiece(piece: MrkdwnPiece, limit: number): string[] {
  if (piece.text.length <= limit) return [piece.text];
  if (!piece.code) return chunkLines(piece.text, limit);
  const inner = piece.text.slice(4, -4); // between "```\n" and "\n```"
  return chunkLines(inner, limit - FENCE_OVERHEAD).map((chunk) => `\`\`\`\n${chunk}\n\`\`\``);
}

/** Splits text at line ends into chunks of at most `limit`; longer lines are cut hard. */
export function chunkLines(text: string, limit: number): string[] {
  return packParts(text.split('\n').flatMap((line) => hardCut(line, limit)), limit, '\n');
}

function hardCut(line: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    const part = cutBeforeEntity(rest, limit) || rest.slice(0, limit);
    parts.push(part);
    rest = rest.slice(part.length);
  }
  parts.push(rest);
  return parts;
}

function fieldBlocks(fields: Field[]): Block[] {
  const inline = fields.filter((f) => f.inline);
  const blocks: Block[] = [];
  for (let i = 0; i < inline.length; i += SLACK_LIMITS.fieldsPerSection) {
    const group = inline.slice(i, i + SLACK_LIMITS.fieldsPerSection);
    blocks.push({
      type: 'section',
      fields: group.map((f) => ({ type: 'mrkdwn', text: truncate(fieldText(f), SLACK_LIMITS.fieldText) })),
    });
  }
  for (const field of fields.filter((f) => !f.inline)) {
    const pieces: MrkdwnPiece[] = [{ text: `*${escapeMrkdwn(field.name)}*`, code: false }, ...markdownToPieces(field.value)];
    blocks.push(...sectionTexts(pieces).map(sectionBlock));
  }
  return blocks;
}

function fieldText(field: Field): string {
  return `*${escapeMrkdwn(field.name)}*\n${markdownToPieces(field.value).map((p) => p.text).join('\n')}`;
}

function footerBlocks(footer: string | undefined): Block[] {
  return footer ? [contextBlock(escapeMrkdwn(footer))] : [];
}

/** Disabled buttons are left out: Slack buttons cannot be disabled. */
export function buttonBlocks(buttons: Button[]): Block[] {
  const enabled = buttons.filter((b) => !b.disabled);
  const usedIds = new Set<string>();
  const elements = enabled.map((button, index) => buttonElement(button, uniqueActionId(button.action, index, usedIds)));
  const blocks: Block[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.elementsPerActions) {
    blocks.push({ type: 'actions', elements: elements.slice(i, i + SLACK_LIMITS.elementsPerActions) });
  }
  return blocks;
}

/** The core's action id travels in `value`; `action_id` only has to be unique in the message. */
function uniqueActionId(action: string, index: number, used: Set<string>): string {
  let id = action.slice(0, SLACK_LIMITS.actionId);
  if (used.has(id)) id = `${action.slice(0, SLACK_LIMITS.actionId - 8)}#${index}`;
  used.add(id);
  return id;
}

function buttonElement(button: Button, actionId: string): types.Button {
  const element: types.Button = {
    type: 'button',
    text: { type: 'plain_text', text: truncate(button.label, SLACK_LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: button.action.slice(0, SLACK_LIMITS.buttonValue),
  };
  if (button.style === 'primary' || button.style === 'success') element.style = 'primary';
  if (button.style === 'danger') element.style = 'danger';
  return element;
}

function fallbackText(reply: Reply): string {
  const text = reply.title ?? reply.body.replace(/```[\s\S]*?```/g, '').trim();
  return truncate(escapeMrkdwn(text || 'memtutor'), 300);
}

/** Splits blocks into messages within the block and character limits; the tail goes last. */
function packMessages(content: Block[], tail: Block[]): Block[][] {
  const messages: Block[][] = [];
  let current: Block[] = [];
  let chars = 0;
  for (const block of content) {
    const size = blockTextLength(block);
    if (current.length && (current.length + 1 > SLACK_LIMITS.blocksPerMessage || chars + size > MESSAGE_TEXT_BUDGET)) {
      messages.push(current);
      current = [];
      chars = 0;
    }
    current.push(block);
    chars += size;
  }
  const tailSize = tail.reduce((sum, b) => sum + blockTextLength(b), 0);
  if (current.length && (current.length + tail.length > SLACK_LIMITS.blocksPerMessage || chars + tailSize > MESSAGE_TEXT_BUDGET)) {
    messages.push(current);
    current = [];
  }
  messages.push([...current, ...tail]);
  return messages;
}

function capMessages(messages: Block[][], maxMessages: number): Block[][] {
  if (messages.length <= maxMessages) return messages;
  const kept = messages.slice(0, maxMessages);
  const last = kept[kept.length - 1]!;
  // Keep the buttons and footer of the real last message: they are how the user moves on.
  const tail = messages[messages.length - 1]!.filter((b) => b.type === 'actions' || b.type === 'context');
  const room = SLACK_LIMITS.blocksPerMessage - tail.length - 1;
  kept[kept.length - 1] = [...last.slice(0, room), contextBlock(CUT_NOTE), ...tail];
  return kept;
}

/** The characters Slack counts towards `msg_blocks_too_long`: every text in the block. */
export function blockTextLength(block: unknown): number {
  if (typeof block === 'string') return 0;
  if (Array.isArray(block)) return block.reduce((sum: number, b) => sum + blockTextLength(b), 0);
  if (!block || typeof block !== 'object') return 0;
  let total = 0;
  for (const [key, value] of Object.entries(block)) {
    total += key === 'text' && typeof value === 'string' ? value.length : blockTextLength(value);
  }
  return total;
}

