import { createInterface } from 'node:readline';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createApp } from '../app.js';
import { choiceRange, pickChoice, renderForTerminal } from '../adapters/terminal/render.js';
import { terminalCaller } from '../adapters/terminal/caller.js';
import { terminalStyle } from '../adapters/terminal/style.js';
import { withCliSyntax } from './cli-syntax.js';

export interface QuizCliOptions {
  stats?: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/**
 * `memtutor quiz`: one question, the answer read from stdin (its letter, or its number: `echo 2 | memtutor
 * quiz` answers B), then the feedback.
 * `--stats` prints the record instead. Exit 0; 2 when no valid choice was given.
 */
export async function quizCli(config: Config, logger: Logger, { stats, input = process.stdin, output = process.stdout }: QuizCliOptions = {}): Promise<number> {
  const core = await createApp(config, logger);
  try {
    const caller = terminalCaller();
    const reply = await core.router.handleText(stats ? '/quiz stats' : '/quiz', caller);
    const style = terminalStyle(output);
    const asked = renderForTerminal(reply, { style });
    if (stats || asked.choices.length === 0) {
      output.write(renderForTerminal(withCliSyntax(reply), { withChoices: false, style }).text);
      return reply.tone === 'error' ? 1 : 0;
    }
    const last = asked.choices.length;
    const how = `(type ${choiceRange(asked.choices).replace(' to ', '–')} or 1–${last}, and Enter)`;
    output.write(asked.text.replace(/\(type [^)]*to choose\)/, how));
    const button = pickChoice(asked.choices, (await firstLine(input)) ?? '');
    if (!button) {
      process.stderr.write(`memtutor: no answer given; type a letter from ${choiceRange(asked.choices)} or a number from 1 to ${last}\n`);
      return 2;
    }
    const feedback = withCliSyntax(await core.router.handleAction(button.action, caller));
    output.write(`\n${renderForTerminal(feedback, { withChoices: false, style }).text}`);
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
