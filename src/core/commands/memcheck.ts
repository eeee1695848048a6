import { z } from 'zod';
import { chatCodeBlocks, pythonCodeIn } from '../markdown/fences.js';
import { withPicture } from '../memcheck/picture.js';
import { memoryReportReply } from '../memcheck/reply.js';
import { allTermsReply, termsButton } from '../memcheck/terms.js';
import type { Reply } from '../messages.js';
import { defineCommand, type CommandContext } from './definition.js';

/** The code of `/memcheck …`: the first Python (or unlabelled) fenced block, else the first block, else the text itself. */
export function codeFromText(text: string): string {
  return pythonCodeIn(text) ?? chatCodeBlocks(text)[0]?.code ?? text.trim();
}

export const memcheckCommand = defineCommand({
  name: 'memcheck',
  description: 'Run Python in the sandbox and see what it does in memory: refcounts, sizes, gc, cycles, hints',
  usage: '/memcheck <code> or a ```python block; /memcheck help explains the report',
  slow: true,
  options: z.object({
    code: z.string({ error: 'code is required' }).trim().min(1, 'put some Python after /memcheck, or paste a ```python block'),
  }),
  parseText: (text) => ({ code: codeFromText(text) }),
  // `help` alone is not worth running: it asks what the report's words mean.
  run: ({ code }, ctx) => (code === 'help' ? allTermsReply() : runMemcheck(code, ctx)),
});

/** Checks `code` for the caller (one check at a time per user) and renders the report with its picture;
 *  the context's signal cancels the check. */
export async function runMemcheck(code: string, { caller, services, signal }: CommandContext): Promise<Reply> {
  const report = await services.memcheck.check(code, { userId: `${caller.platform}:${caller.userId}`, ...(signal ? { signal } : {}) });
  const reply = await withPicture(memoryReportReply(report), report, services.pictures);
  const button = termsButton(report);
  return button ? { ...reply, buttons: [...(reply.buttons ?? []), button] } : reply;
}
