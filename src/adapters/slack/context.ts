// What every listener needs, built once per app (the same idea as the Discord adapter's context.ts).
import type { Router } from '../../core/router.js';
import type { Caller, Reply } from '../../core/messages.js';
import type { Logger } from '../../logger.js';
import type { CallerDirectory, SlackWho } from './callers.js';
import type { ReplyTarget, SlackDelivery } from './deliver.js';

export interface SlackContext {
  router: Router;
  callers: CallerDirectory;
  /** Every reply, post and upload goes through it. */
  delivery: SlackDelivery;
  logger: Logger;
}

/** Sends a user's text to the core as `who` and delivers the reply; failures are logged. */
export async function answerText(ctx: SlackContext, who: SlackWho, text: string, target: ReplyTarget): Promise<void> {
  await answerWith(ctx, who, target, (caller) => ctx.router.handleText(text, caller));
}

/** Resolves the caller, asks the core with `ask`, and delivers its reply to `target`. */
export async function answerWith(ctx: SlackContext, who: SlackWho, target: ReplyTarget, ask: (caller: Caller) => Promise<Reply>): Promise<void> {
  try {
    const caller = await ctx.callers.caller(who);
    await target.send(await ask(caller));
  } catch (error) {
    ctx.logger.error({ err: error, user: who.userId, channel: who.channelId }, 'slack: could not deliver a reply');
  }
}

/** The note a slow command (a sandbox run) acknowledges with before its report is ready. */
export const WORKING_NOTE = '⏳ Running your code in the sandbox… the report follows in a moment.';
