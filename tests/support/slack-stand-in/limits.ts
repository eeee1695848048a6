// What real Slack refuses, checked independently of the renderer's own constants: a block, view or
// message over a limit is answered with `invalid_blocks` / `msg_blocks_too_long` as Slack does.

const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  messageTextChars: 13_000,
  messageText: 40_000,
  viewTitle: 24,
  privateMetadata: 3000,
  inputMaxLength: 3000,
  imageAltText: 2000,
} as const;

type Json = Record<string, unknown>;

export interface LimitError {
  error: 'invalid_blocks' | 'msg_blocks_too_long' | 'invalid_arguments' | 'msg_too_long';
  detail: string;
}

export function checkMessage(text: unknown, blocks: unknown): LimitError | undefined {
  if (typeof text === 'string' && text.length > LIMITS.messageText) return { error: 'msg_too_long', detail: `text is ${text.length} characters` };
  if (blocks === undefined) return typeof text === 'string' && text ? undefined : { error: 'invalid_arguments', detail: 'no text' };
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks', detail: 'blocks is not an array' };
  if (blocks.length > LIMITS.messageBlocks) return { error: 'invalid_blocks', detail: `${blocks.length} blocks (max ${LIMITS.messageBlocks})` };
  const chars = textLength(blocks);
  if (chars > LIMITS.messageTextChars) return { error: 'msg_blocks_too_long', detail: `${chars} characters of block text` };
  return checkBlocks(blocks);
}

export function checkView(view: unknown): LimitError | undefined {
  if (!isObject(view) || !Array.isArray(view.blocks)) return { error: 'invalid_arguments', detail: 'view without blocks' };
  if (view.blocks.length > LIMITS.viewBlocks) return { error: 'invalid_blocks', detail: `${view.blocks.length} blocks in a view` };
  const title = isObject(view.title) ? view.title.text : undefined;
  if (view.type === 'modal' && (typeof title !== 'string' || title.length > LIMITS.viewTitle)) {
    return { error: 'invalid_arguments', detail: `modal title must be 1–${LIMITS.viewTitle} characters` };
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > LIMITS.privateMetadata) {
    return { error: 'invalid_arguments', detail: 'private_metadata too long' };
  }
  return checkBlocks(view.blocks);
}

function checkBlocks(blocks: unknown[]): LimitError | undefined {
  const actionIds = new Set<string>();
  for (const [index, block] of blocks.entries()) {
    const problem = isObject(block) ? checkBlock(block, actionIds) : 'not an object';
    if (problem) return { error: 'invalid_blocks', detail: `block ${index}: ${problem}` };
  }
  return undefined;
}

function checkBlock(block: Json, actionIds: Set<string>): string | undefined {
  if (typeof block.block_id === 'string' && block.block_id.length > LIMITS.blockId) return 'block_id too long';
  switch (block.type) {
    case 'section':
      return checkSection(block);
    case 'header':
      return textOf(block.text, LIMITS.headerText, 'header');
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > LIMITS.contextElements) return 'context needs 1–10 elements';
      return elements.map((e) => textOf(e, LIMITS.sectionText, 'context element')).find(Boolean);
    }
    case 'actions':
      return checkActions(block, actionIds);
    case 'input':
      return checkInput(block);
    case 'divider':
      return undefined;
    case 'image':
      return checkImage(block);
    default:
      return `unknown block type ${String(block.type)}`;
  }
}

/** An image shows a URL or a file Slack holds, and always says what it shows. */
function checkImage(block: Json): string | undefined {
  const file = isObject(block.slack_file) ? block.slack_file : undefined;
  if (typeof block.image_url !== 'string' && typeof file?.id !== 'string' && typeof file?.url !== 'string') return 'image needs image_url or slack_file';
  if (typeof block.alt_text !== 'string' || !block.alt_text || block.alt_text.length > LIMITS.imageAltText) return `image alt_text must be 1–${LIMITS.imageAltText} characters`;
  return undefined;
}

function checkSection(block: Json): string | undefined {
  const fields = block.fields;
  if (block.text === undefined && !Array.isArray(fields)) return 'section needs text or fields';
  if (block.text !== undefined) {
    const problem = textOf(block.text, LIMITS.sectionText, 'section text');
    if (problem) return problem;
  }
  if (Array.isArray(fields)) {
    if (fields.length > LIMITS.sectionFields) return `${fields.length} fields (max ${LIMITS.sectionFields})`;
    return fields.map((f) => textOf(f, LIMITS.fieldText, 'field')).find(Boolean);
  }
  return undefined;
}

function checkActions(block: Json, actionIds: Set<string>): string | undefined {
  const elements = Array.isArray(block.elements) ? block.elements : [];
  if (elements.length === 0 || elements.length > LIMITS.actionsElements) return 'actions needs 1–25 elements';
  for (const element of elements) {
    if (!isObject(element) || element.type !== 'button') return 'only buttons are expected here';
    const problem = textOf(element.text, LIMITS.buttonText, 'button text');
    if (problem) return problem;
    const id = element.action_id;
    if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.actionId) return 'action_id must be 1–255 characters';
    if (actionIds.has(id)) return `duplicate action_id ${id}`;
    actionIds.add(id);
    if (typeof element.value === 'string' && element.value.length > LIMITS.buttonValue) return 'button value too long';
    if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') return 'bad button style';
  }
  return undefined;
}

function checkInput(block: Json): string | undefined {
  const element = block.element;
  if (!isObject(element)) return 'input without element';
  if (typeof element.max_length === 'number' && element.max_length > LIMITS.inputMaxLength) return 'plain_text_input max_length over 3000';
  return textOf(block.label, 2000, 'input label');
}

function textOf(value: unknown, max: number, what: string): string | undefined {
  if (!isObject(value) || typeof value.text !== 'string') return `${what} has no text object`;
  if (value.type !== 'mrkdwn' && value.type !== 'plain_text') return `${what} has a bad text type`;
  if (value.text.length === 0) return `${what} is empty`;
  if (value.text.length > max) return `${what} is ${value.text.length} characters (max ${max})`;
  return undefined;
}

function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + textLength(v), 0);
  if (!isObject(value)) return 0;
  return Object.entries(value).reduce((sum, [k, v]) => sum + (k === 'text' && typeof v === 'string' ? v.length : textLength(v)), 0);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
