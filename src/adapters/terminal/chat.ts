// The terminal chat: a readline prompt over the core router. Works interactively and with piped
// stdin (each message is answered in order; end of input exits 0 after the last reply).
// Lines that arrive together (a paste, piped input) are read as one burst, so pasted code is one
// message; Ctrl-C cancels the answer being waited for, and at an idle prompt explains how to quit.
import { createInterface, type Interface } from 'node:readline';
import type { Button, Reply } from '../../core/messages.js';
import type { Router } from '../../core/router.js';
import { BurstSplitter, type ChatInput } from './bursts.js';
import { choiceList, choiceRange, isLettered, pickChoice, renderForTerminal, type TerminalView } from './render.js';
import { terminalCaller } from './caller.js';
import { POSTED_CHOICE, type TerminalPoster } from './poster.js';
import { paints, wrapLines } from './markdown.js';
import { terminalStyle, type TerminalStyle } from './style.js';

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

const PROMPT = 'memtutor> ';
const CONTINUATION_PROMPT = '...> ';
/** Lines closer together than this arrived in one paste: no one types Enter twice this fast. */
const BURST_GAP_MS = 40;
const QUIT_HINT = 'To leave, press Ctrl-C again or type /quit.';
/** The terminal's own command, added to /help (the core's commands are the same on every platform). */
const TERMINAL_HELP = '`/quit` — Leave the chat (or press Ctrl-C twice)';
const HELP = /^\s*\/help\s*$/i;

/** Resolves when the chat ends: end of input, /quit, Ctrl-C twice or the signal. */
export function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  return new TerminalChat(options).run();
}

class TerminalChat {
  private readonly interactive: boolean;
  private readonly style: TerminalStyle;
  private readonly rl: Interface;
  private readonly caller = terminalCaller();
  private readonly splitter = new BurstSplitter();
  private burst: string[] = [];
  private burstTimer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private stopping = false;
  /** Ctrl-C at an idle prompt: a second one right after quits. */
  private quitArmed = false;
  /** Ends the answer being waited for, when there is one. */
  private cancelAnswer: (() => void) | undefined;
  /** A cancelled check still finishing in the sandbox (one check per user at a time). */
  private cancelledCheck: Promise<unknown> | undefined;
  private choices: Button[] = [];

  constructor(private readonly options: TerminalChatOptions) {
    const { input, output } = options;
    this.interactive = Boolean((input as NodeJS.ReadStream).isTTY && (output as NodeJS.WriteStream).isTTY);
    this.style = terminalStyle(output);
    this.rl = createInterface({ input, output, terminal: this.interactive });
  }

  run(): Promise<void> {
    const { rl, options } = this;
    const ended = new Promise<void>((resolve) => rl.once('close', () => resolve(this.endOfInput())));
    rl.on('line', (line) => this.receive(line));
    rl.on('SIGINT', () => this.interrupt());
    options.signal.addEventListener('abort', () => this.stop(), { once: true });
    if (this.interactive) this.write(`${wrapLines('memtutor: learn how Python manages memory. Type /help to begin, /quit to leave.', this.style.width)}\n`);
    this.prompt();
    return ended;
  }

  private receive(line: string): void {
    this.quitArmed = false;
    this.burst.push(line);
    clearTimeout(this.burstTimer);
    this.burstTimer = setTimeout(() => this.endBurst(), BURST_GAP_MS);
  }

  private endBurst(): void {
    clearTimeout(this.burstTimer);
    const lines = this.burst;
    this.burst = [];
    if (lines.length) this.enqueue(this.splitter.split(lines));
    if (this.splitter.awaitingCode && this.interactive) this.write('Paste the Python to check (or type it in a ``` block).\n');
    if (this.queued === 0) this.prompt();
  }

  /** Answers what was still pending, then ends (unless /quit or a shutdown already did). */
  private async endOfInput(): Promise<void> {
    if (!this.stopping) {
      this.endBurst();
      this.enqueue(this.splitter.flush());
    }
    await this.queue;
  }

  private stop(): void {
    this.stopping = true;
    clearTimeout(this.burstTimer);
    this.cancelAnswer?.();
    this.rl.close();
  }

  private enqueue(inputs: ChatInput[]): void {
    for (const input of inputs) {
      this.queued++;
      this.queue = this.queue.then(async () => {
        try {
          if (!this.stopping) await this.handle(input);
        } catch (error) {
          // Showing a reply failed (e.g. an image could not be saved): say so and keep chatting.
          this.write(`✖ That reply could not be shown: ${error instanceof Error ? error.message : String(error)}\n\n`);
        }
        if (--this.queued === 0 && !this.stopping) this.prompt();
      });
    }
  }

  private async handle(input: ChatInput): Promise<void> {
    if (input.kind === 'quit') return this.stop();
    const message = input.text;
    const choice = this.typedChoice(message);
    if (typeof choice === 'string') return this.write(choice);
    const { router } = this.options;
    const slow = choice ? router.isSlowAction(choice.action) : router.isSlowText(message);
    const reply = await this.cancellable(slow, (signal) => (choice ? router.handleAction(choice.action, this.caller, signal) : router.handleText(message, this.caller, signal)));
    if (!reply) return;
    this.show(HELP.test(message) ? { ...reply, body: `${reply.body}\n${TERMINAL_HELP}` } : reply, slow && choice !== undefined);
  }

  /** The button a typed choice (`2`, `b`, `1a`) picks, or why it picks none; undefined for any other message. */
  private typedChoice(message: string): Button | string | undefined {
    if (POSTED_CHOICE.test(message)) {
      return this.options.poster.choice(message) ?? `There is no open choice ${message.trim()}. Choices of posted messages look like 1a, 1b.\n\n`;
    }
    const isChoice = /^\s*\d{1,2}\s*$/.test(message) || (/^\s*[a-j]\s*$/i.test(message) && isLettered(this.choices));
    if (!isChoice) return undefined;
    if (!this.choices.length) return 'There are no choices to pick right now. Type a command such as /help.\n\n';
    return pickChoice(this.choices, message) ?? `Pick a choice from ${choiceRange(this.choices)}.\n\n`;
  }

  /** Waits for the answer unless Ctrl-C cancels it (aborting its signal); a slow one (a check) says "running…" at once. */
  private async cancellable(slow: boolean, answer: (signal: AbortSignal) => Promise<Reply>): Promise<Reply | undefined> {
    if (slow) this.write(paints(this.style.colors).dim(`⏳ running…${this.interactive ? ' (Ctrl-C to cancel)' : ''}\n`));
    const waitForCancelled = slow && this.cancelledCheck ? this.cancelledCheck : undefined;
    if (waitForCancelled) this.write('(the cancelled check is still stopping in the sandbox; this one runs right after)\n');
    let abandoned = false;
    const controller = new AbortController();
    const reply = (async () => {
      await waitForCancelled;
      return abandoned ? undefined : answer(controller.signal);
    })();
    const cancelled = new Promise<undefined>((resolve) => (this.cancelAnswer = () => resolve(undefined)));
    const result = await Promise.race([reply, cancelled]);
    this.cancelAnswer = undefined;
    if (result) return result;
    abandoned = true;
    controller.abort();
    if (slow) {
      // The sandbox stops the run at once; its `cancelled` report (dropped) frees the user's slot for the next check.
      const stopped = reply.then(() => undefined, () => undefined);
      this.cancelledCheck = stopped;
      void stopped.then(() => {
        if (this.cancelledCheck === stopped) this.cancelledCheck = undefined;
      });
    }
    if (!this.stopping) this.write(`${slow ? 'check cancelled' : 'cancelled'}\n\n`);
    return undefined;
  }

  /** Ctrl-C: cancels the answer being waited for; at an idle prompt, clears the line and says how to quit. */
  private interrupt(): void {
    if (this.cancelAnswer) return this.cancelAnswer();
    if (this.quitArmed) return this.stop();
    this.quitArmed = true;
    if (this.rl.line) this.rl.write(null, { ctrl: true, name: 'u' });
    this.write(`\n${QUIT_HINT}\n`);
    this.prompt();
  }

  /** Prints a reply; after a check started from a choice (a lesson's example) the earlier choices stay, listed again first so their numbers keep their meaning. */
  private show(reply: Reply, keepChoices: boolean): void {
    const view: TerminalView = renderForTerminal(reply, { style: this.style });
    const kept = keepChoices ? this.choices.filter((c) => !view.choices.some((own) => own.action === c.action)) : [];
    this.choices = [...kept, ...view.choices];
    const text = kept.length ? `${renderForTerminal(reply, { style: this.style, withChoices: false }).text}\n${choiceList(this.choices, this.style)}\n` : view.text;
    this.write(`${text}\n`);
  }

  private prompt(): void {
    if (!this.interactive || this.stopping) return;
    this.rl.setPrompt(this.splitter.inCodeBlock ? CONTINUATION_PROMPT : PROMPT);
    this.rl.prompt();
  }

  private write(text: string): void {
    this.options.output.write(text);
  }
}
