// The terminal as a channel the core can post into (weekly rounds): posted messages are printed
// with a tag, and their buttons become choices such as `2b` (message 2, choice b), which stay
// valid while the message is open, whatever else is printed in between.
import type { Button, Reply } from '../../core/messages.js';
import type { ChannelPoster, PostedMessage } from '../../core/outbox.js';
import { renderForTerminal } from './render.js';
import { terminalStyle, type TerminalStyle } from './style.js';

const LETTERS = 'abcdefghij';
export const POSTED_CHOICE = /^\s*(\d{1,4})([a-j])\s*$/i;

export class TerminalPoster implements ChannelPoster {
  private nextTag = 1;
  /** Message ids carry the process start so ids recorded by an earlier run never collide. */
  private readonly idPrefix = Date.now().toString(36);
  private readonly choices = new Map<number, Button[]>();

  private readonly style: TerminalStyle;

  constructor(private readonly output: NodeJS.WritableStream) {
    this.style = terminalStyle(output);
  }

  async post(channelId: string, reply: Reply): Promise<PostedMessage> {
    const tag = this.nextTag++;
    this.print(tag, reply, 'posted');
    return { platform: 'terminal', channelId, messageId: `${this.idPrefix}-${tag}` };
  }

  async update(message: PostedMessage, reply: Reply): Promise<void> {
    const [prefix, tagText] = message.messageId.split('-');
    // A message from an earlier run was never shown in this one; there is nothing to update.
    if (prefix !== this.idPrefix) return;
    this.print(Number(tagText), reply, 'updated');
  }

  /** The button behind a typed `2b`, if that message is still open. */
  choice(typed: string): Button | undefined {
    const match = POSTED_CHOICE.exec(typed);
    if (!match) return undefined;
    return this.choices.get(Number(match[1]))?.[LETTERS.indexOf(match[2]!.toLowerCase())];
  }

  private print(tag: number, reply: Reply, verb: 'posted' | 'updated'): void {
    const buttons = (reply.buttons ?? []).filter((b) => !b.disabled);
    if (buttons.length) this.choices.set(tag, buttons);
    else this.choices.delete(tag);
    // An update without choices closes the message: one line is enough in a scrolling terminal.
    if (verb === 'updated' && !buttons.length) {
      this.output.write(`📣 #${tag} closed${reply.footer ? ` · ${reply.footer}` : ''}\n`);
      return;
    }
    const body = renderForTerminal(reply, { withChoices: false, style: this.style }).text.trimEnd();
    const list = buttons.map((b, i) => `[${tag}${LETTERS[i]}] ${b.label}`).join('\n');
    const hint = buttons.length ? `\n${list}\n(type ${tag}a, ${tag}b… to answer)` : '';
    this.output.write(`\n📣 #${tag} ${verb} in the terminal channel\n${body}${hint}\n\n`);
  }
}
