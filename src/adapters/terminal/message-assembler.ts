// Groups input lines into chat messages: a line that opens a ``` fence continues until the fence
// closes, so a pasted multi-line code block arrives as one message.
import { hasOpenFence } from '../../core/markdown/fences.js';

export class MessageAssembler {
  private pending: string[] = [];

  /** Returns the completed message, or undefined while a fence is still open. */
  push(line: string): string | undefined {
    this.pending.push(line);
    const text = this.pending.join('\n');
    if (hasOpenFence(text)) return undefined;
    this.pending = [];
    return text;
  }

  /** Whatever is left at end of input, even with an unclosed fence. */
  flush(): string | undefined {
    const text = this.pending.join('\n');
    this.pending = [];
    return text.trim() ? text : undefined;
  }

  get inCodeBlock(): boolean {
    return this.pending.length > 0;
  }
}
