import { createInterface } from 'node:readline';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createApp } from '../app.js';
import { renderForTerminal } from '../adapters/terminal/render.js';
import { terminalCaller } from '../adapters/terminal/caller.js';

export interface QuizCliOptions {
  stats?: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/**
 * `memtutor quiz`: one question, the answer read as a number from stdin, then the feedback.
 * `--stats` prints the record instead. Exit 0; 2 when no valid choice was given.
 */
export async function quizCli(config: Config, logger: Logger, { stats, input = process.stdin, output = process.stdout }: QuizCliOptions = {}): Promise<number> {
  const core = await createApp(config, logger);
  try {
    const caller = terminalCaller();
    const reply = await core.router.handleText(stats ? '/quiz stats' : '/quiz', caller);
    const asked = renderForTerminal(reply);
    if (stats || asked.choices.length === 0) {
      output.write(renderForTerminal(reply, { withChoices: false }).text);
      return reply.tone === 'error' ? 1 : 0;
    }
    output.write(asked.text.replace('(type a number to choose)', `(type 1–${asked.choices.length} and Enter)`));
    const typed = (await firstLine(input))?.trim() ?? '';
    const button = /^\d+$/.test(typed) ? asked.choices[Number(typed) - 1] : undefined;
    if (!button) {
      process.stderr.write(`memtutor: no answer given; type a number from 1 to ${asked.choices.length}\n`);
      return 2;
    }
    output.write(`\n${renderForTerminal(await core.router.handleAction(button.action, caller), { withChoices: false }).text}`);
    return 0;
  } finally {
    await core.close();
  }
}

async function firstLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  const rl = createInterface({ input, terminal: false });
  try {
    for await (const line of rl) return line;
    return undefined;
  } finally {
    rl.close();
  }
}
