// What every listener needs, built once per app.
import type { Router } from '../../core/router.js';
import type { Caller, Reply } from '../../core/messages.js';
import type { Logger } from '../../logger.js';
import type { CallerDirectory, SlackWho } from './callers.js';
import type { ReplyTarget } from './deliver.js';

export interface SlackDeps {
  router: Router;
  callers: CallerDirectory;
  logger: Logger;
}

/** Sends a user's text to the core as `who` and delivers the reply; failures are logged. */
export async function answerText(deps: SlackDeps, who: SlackWho, text: string, target: ReplyTarget): Promise<void> {
  await answerWith(deps, who, target, (caller) => deps.router.handleText(text, caller));
}

/** Resolves the caller, asks the core with `ask`, and delivers its reply to `target`. */
export async function answerWith(deps: SlackDeps, who: SlackWho, target: ReplyTarget, ask: (caller: Caller) => Promise<Reply>): Promise<void> {
  try {
    const caller = await deps.callers.caller(who);
    await target.send(await ask(caller));
  } catch (error) {
    deps.logger.error({ err: error, user: who.userId, channel: who.channelId }, 'slack: could not deliver a reply');
  }
}

/** The note a slow command (a sandbox run) acknowledges with before its report is ready. */
export const WORKING_NOTE = '⏳ Running your code in the sandbox… the report follows in a moment.';
