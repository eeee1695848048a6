import { z } from 'zod';
import { chatCodeBlocks, pythonCodeIn } from '../markdown/fences.js';
import { withPicture } from '../memcheck/picture.js';
import { memoryReportReply } from '../memcheck/reply.js';
import type { MemoryReport } from '../memcheck/report.js';
import { allTermsReply, termsButton } from '../memcheck/terms.js';
import type { Button, Reply } from '../messages.js';
import type { Services } from '../services.js';
import { sourceLinesOf, stepThroughButton } from '../steps/reply.js';
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
  const runId = await keepSteps(code, report, services);
  const reply = await withPicture(memoryReportReply(report, { stepThrough: runId !== undefined }), report, services.pictures);
  const buttons = [runId === undefined ? undefined : stepThroughButton(runId), termsButton(report)].filter((b): b is Button => b !== undefined);
  return buttons.length ? { ...reply, buttons: [...(reply.buttons ?? []), ...buttons] } : reply;
}

/** Stores the report's step-through trace, when it has steps; the report goes out without the button if that fails. */
async function keepSteps(code: string, report: MemoryReport, services: Services): Promise<string | undefined> {
  if (!report.steps?.steps.length) return undefined;
  try {
    return await services.store.saveStepRun({ trace: report.steps, sourceLines: sourceLinesOf(code), python: report.python });
  } catch (error) {
    services.logger.warn({ err: error }, 'could not keep the step-through trace');
    return undefined;
  }
}
