// The terminal chat: a readline prompt over the core router. Works interactively and with piped
// stdin (each message is answered in order; end of input exits 0 after the last reply).
import { createInterface } from 'node:readline';
import type { Reply } from '../../core/messages.js';
import type { Router } from '../../core/router.js';
import { MessageAssembler } from './message-assembler.js';
import { renderForTerminal, type TerminalView } from './render.js';
import { terminalCaller } from './caller.js';
import { POSTED_CHOICE, type TerminalPoster } from './poster.js';

export interface TerminalStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export interface TerminalChatOptions extends Required<TerminalStreams> {
  router: Router;
  /** Prints what the core posts into the terminal channel; its numbered choices are answered here. */
  poster: TerminalPoster;
  /** Ends the chat early (shutdown). */
  signal: AbortSignal;
}

const QUIT = /^\/(quit|exit)\s*$/i;
const PROMPT = 'memtutor> ';
const CONTINUATION_PROMPT = '...> ';

/** Resolves when the chat ends: end of input, /quit, Ctrl-C or the signal. */
export async function runTerminalChat({ router, input, output, poster, signal }: TerminalChatOptions): Promise<void> {
  const interactive = Boolean((input as NodeJS.ReadStream).isTTY && (output as NodeJS.WriteStream).isTTY);
  const rl = createInterface({ input, output, terminal: interactive });
  const caller = terminalCaller();
  const assembler = new MessageAssembler();
  let lastView: TerminalView | undefined;

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
  signal.addEventListener('abort', () => rl.close(), { once: true });
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
  rl.close();
}
