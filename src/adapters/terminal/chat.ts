// The terminal chat: a readline prompt over the core router. Works interactively and with piped
// stdin (each message is answered in order; end of input exits 0 after the last reply).
import { createInterface } from 'node:readline';
import { userInfo } from 'node:os';
import type { Caller, Reply } from '../../core/messages.js';
import type { Outbox } from '../../core/outbox.js';
import type { Router } from '../../core/router.js';
import { MessageAssembler } from './message-assembler.js';
import { renderForTerminal, type TerminalView } from './render.js';
import { POSTED_CHOICE, TerminalPoster } from './poster.js';

export interface TerminalChatOptions {
  router: Router;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** When given, the terminal is registered as a channel the core can post into (weekly quiz). */
  outbox?: Outbox;
}

const QUIT = /^\/(quit|exit)\s*$/i;
const PROMPT = 'memtutor> ';
const CONTINUATION_PROMPT = '...> ';

/** The terminal is its own channel, and its user administers it. */
export function terminalCaller(): Caller {
  const name = safeUserName();
  return { platform: 'terminal', userId: `terminal:${name}`, displayName: name, isAdmin: true, scopeId: 'terminal', channelId: 'terminal' };
}

export async function runTerminalChat({ router, input = process.stdin, output = process.stdout, outbox }: TerminalChatOptions): Promise<void> {
  const interactive = Boolean((input as NodeJS.ReadStream).isTTY && (output as NodeJS.WriteStream).isTTY);
  const rl = createInterface({ input, output, terminal: interactive });
  const caller = terminalCaller();
  const assembler = new MessageAssembler();
  let lastView: TerminalView | undefined;
  const poster = new TerminalPoster(output);
  outbox?.register('terminal', poster);

  const prompt = () => {
    if (!interactive) return;
    rl.setPrompt(assembler.inCodeBlock ? CONTINUATION_PROMPT : PROMPT);
    rl.prompt();
  };
  const show = (reply: Reply) => {
    lastView = renderForTerminal(reply);
    output.write(`${lastView.text}\n`);
  };
  const answer = async (message: string) => {
    if (POSTED_CHOICE.test(message)) {
      const posted = poster.choice(message);
      if (posted) show(await router.handleAction(posted.action, caller));
      else output.write(`There is no open choice ${message.trim()}. Choices of posted messages look like 1a, 1b.\n\n`);
      return;
    }
    const choice = /^\s*(\d{1,2})\s*$/.exec(message);
    if (choice && !lastView?.choices.length) {
      output.write('There are no choices to pick right now. Type a command such as /help.\n\n');
      return;
    }
    const button = choice ? lastView?.choices[Number(choice[1]) - 1] : undefined;
    if (choice && !button) {
      output.write(`Pick a choice from 1 to ${lastView?.choices.length}.\n\n`);
      return;
    }
    show(button ? await router.handleAction(button.action, caller) : await router.handleText(message, caller));
  };

  rl.on('SIGINT', () => rl.close());
  if (interactive) output.write('memtutor: learn how Python manages memory. Type /help to begin, /quit to leave.\n');
  prompt();
  for await (const line of rl) {
    if (!assembler.inCodeBlock && QUIT.test(line)) break;
    const message = assembler.push(line);
    if (message !== undefined && message.trim()) await answer(message);
    prompt();
  }
  const rest = assembler.flush();
  if (rest) await answer(rest);
  outbox?.unregister('terminal');
  rl.close();
}

function safeUserName(): string {
  try {
    return userInfo().username || 'you';
  } catch {
    return 'you';
  }
}
