// Shared by the DM and mention listeners: a message with a code block gets a memory check in its
// thread ("working" note first, replaced by the report); other text is read as a command line.
import type { Router } from '../../core/router.js';
import { answerText, WORKING_NOTE, type SlackContext } from './context.js';
import { chatCodeBlocks, fencesOnOwnLines } from '../../core/markdown/fences.js';
import { fromSlackText } from './slack-text.js';

export interface IncomingMessage {
  text: string;
  userId: string;
  teamId: string;
  channelId: string;
  ts: string;
  threadTs?: string;
  /** A DM: plain answers go in the conversation itself; channels get every answer in a thread. */
  direct: boolean;
}

export async function answerMessage(ctx: SlackContext, message: IncomingMessage): Promise<void> {
  const text = fencesOnOwnLines(fromSlackText(message.text));
  const code = chatCodeBlocks(text).length > 0;
  const who = { userId: message.userId, teamId: message.teamId, channelId: message.channelId };
  const threadTs = message.threadTs ?? (code || !message.direct ? message.ts : undefined);
  const target = ctx.delivery.inChannel({ channelId: message.channelId, userId: message.userId, threadTs });
  if (code) {
    const report = await target.placeholder(WORKING_NOTE);
    return answerText(ctx, who, `/memcheck ${text}`, report);
  }
  await answerText(ctx, who, asCommandLine(text, ctx.router), target);
}

/** "lesson 3" in a DM means `/lesson 3`; anything else goes to the core as typed. */
export function asCommandLine(text: string, router: Router): string {
  const first = /^([a-z][\w-]*)/i.exec(text)?.[1];
  return first && router.command(first) ? `/${text}` : text || '/help';
}
