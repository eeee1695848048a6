// Memory checks from Discord: the /memcheck modal, a .py attachment, the "Check memory" context
// menu and pasted code all end in the core `memcheck` command with the code as its option.
import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type Attachment } from 'discord.js';
import { pythonCodeIn } from '../../core/markdown/fences.js';
import { errorReply, type Caller, type Reply } from '../../core/messages.js';
import type { DiscordContext } from './context.js';

export const MEMCHECK_MODAL_ID = 'memcheck-modal';
export const MEMCHECK_CODE_FIELD = 'code';
/** Discord's cap on a modal text input. */
export const MODAL_CODE_LIMIT = 4000;
const DOWNLOAD_TIMEOUT_MS = 10_000;

export function memcheckModal(): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(MEMCHECK_CODE_FIELD)
    .setStyle(TextInputStyle.Paragraph)
    .setMaxLength(MODAL_CODE_LIMIT)
    .setPlaceholder('a = [1, 2, 3]\nb = a\nprint(sys.getrefcount(a))')
    .setRequired(true);
  const label = new LabelBuilder().setLabel('Python code to check').setTextInputComponent(input);
  return new ModalBuilder().setCustomId(MEMCHECK_MODAL_ID).setTitle('Check memory').addLabelComponents(label);
}

/** The core's memcheck options for a piece of code. */
export function memcheckOptions(code: string): Record<string, unknown> {
  return { code };
}

export function runMemcheck(ctx: DiscordContext, code: string, caller: Caller): Promise<Reply> {
  return ctx.router.handleCommand('memcheck', memcheckOptions(code), caller);
}

/** The first Python (or unlabelled) fenced block of a message, if any. */
export function codeFromMessage(content: string): string | undefined {
  return pythonCodeIn(content);
}

/** Checks a .py attachment before anything is downloaded: an error reply, or undefined when fine. */
export function attachmentProblem(file: Attachment, maxChars: number): Reply | undefined {
  if (!/\.py$/i.test(file.name)) return errorReply(`\`${file.name}\` is not a .py file. Attach a Python file, or run /memcheck without a file to paste code.`);
  // UTF-8 uses at most 4 bytes a character: anything larger cannot be within the character limit.
  if (file.size > maxChars * 4) return errorReply(`That file is too large: memory checks take up to ${maxChars} characters.`);
  return undefined;
}

export async function downloadText(url: string, maxChars: number): Promise<string | Reply> {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok) return errorReply('I could not download that file from Discord. Please try again.');
  const text = await response.text();
  if (text.length > maxChars) return errorReply(`That file has ${text.length} characters; memory checks take up to ${maxChars}.`);
  return text;
}
