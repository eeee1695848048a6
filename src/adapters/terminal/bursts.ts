// Turns the lines of one input burst (everything that arrived together: a paste, or piped input)
// into chat messages. A command line is one message; `/memcheck` takes the lines after it as its
// code; other lines that arrive together are one message, sent as code when they parse as Python
// (a single typed line too: `x = [1, 2]` is checked, `what is gc` is not);
// an open ``` fence continues into later bursts until it closes, and so does a `/memcheck` left
// alone at the end of a burst (typed, then the code pasted).
import { hasOpenFence } from '../../core/markdown/fences.js';
import { looksLikePython } from './python-like.js';

export type ChatInput = { kind: 'message'; text: string } | { kind: 'quit' };

type Kind = 'command' | 'code-command' | 'text';

const QUIT = /^\s*\/(quit|exit)\s*$/i;
const COMMAND = /^\s*\/([a-z][\w-]*)/i;
/** Commands whose text is code: the pasted lines after them belong to them. */
const CODE_COMMANDS = new Set(['memcheck']);
/** A typed choice: `2`, `b` (lettered choices) or `2b` (a posted message's choice). */
const CHOICE = /^\s*(\d{1,2}|[a-j]|\d{1,4}[a-j])\s*$/i;

export class BurstSplitter {
  private open: { kind: Kind; lines: string[] } | undefined;

  /** True while a fenced block is open, or `/memcheck` waits for its code: the next lines continue it. */
  get inCodeBlock(): boolean {
    return this.open !== undefined;
  }

  /** True while a lone `/memcheck` waits for the code pasted after it. */
  get awaitingCode(): boolean {
    return this.open !== undefined && isLoneCodeCommand(this.open);
  }

  /** The messages of one burst, in order; stops at `/quit`. */
  split(lines: readonly string[]): ChatInput[] {
    const inputs: ChatInput[] = [];
    let current = this.open;
    this.open = undefined;
    const finish = () => {
      if (current) inputs.push(...messageOf(current.kind, current.lines));
      current = undefined;
    };
    for (const line of lines) {
      if (current && hasOpenFence(current.lines.join('\n'))) current.lines.push(line);
      else if (QUIT.test(line)) {
        finish();
        inputs.push({ kind: 'quit' });
        return inputs;
      } else if (COMMAND.test(line)) {
        finish();
        current = { kind: CODE_COMMANDS.has(COMMAND.exec(line)![1]!.toLowerCase()) ? 'code-command' : 'command', lines: [line] };
      } else if (current && current.kind !== 'command') current.lines.push(line);
      else if (CHOICE.test(line)) {
        finish();
        inputs.push({ kind: 'message', text: line });
      } else if (line.trim()) {
        finish();
        current = { kind: 'text', lines: [line] };
      }
    }
    if (current && (hasOpenFence(current.lines.join('\n')) || isLoneCodeCommand(current))) this.open = current;
    else finish();
    return inputs;
  }

  /** At end of input: whatever is left, even with an unclosed fence. */
  flush(): ChatInput[] {
    const rest = this.open;
    this.open = undefined;
    return rest ? messageOf(rest.kind, rest.lines) : [];
  }
}

/** `/memcheck` with nothing after it on its line: the code comes in the next burst. */
function isLoneCodeCommand({ kind, lines }: { kind: Kind; lines: string[] }): boolean {
  return kind === 'code-command' && lines.length === 1 && /^\s*\/[\w-]+\s*$/.test(lines[0]!);
}

function messageOf(kind: Kind, lines: string[]): ChatInput[] {
  const text = lines.join('\n').replace(/\s+$/, '');
  if (!text.trim()) return [];
  const pastedCode = kind === 'text' && !text.includes('```') && looksLikePython(text);
  return [{ kind: 'message', text: pastedCode ? `\`\`\`python\n${text}\n\`\`\`` : text }];
}
