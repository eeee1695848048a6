import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createCore } from '../core/index.js';
import { renderForTerminal } from '../adapters/terminal/render.js';
import { terminalCaller } from '../adapters/terminal/chat.js';

/** `memtutor lesson [topic] [--page K]`: prints the page; returns the exit code (2 when not found). */
export async function lessonCli(config: Config, logger: Logger, topic: string, page: number | undefined): Promise<number> {
  const core = await createCore(config, logger);
  try {
    const reply = await core.router.handleCommand('lesson', { topic: topic || undefined, page }, terminalCaller());
    const out = reply.tone === 'error' ? process.stderr : process.stdout;
    out.write(renderForTerminal(reply, { withChoices: false }).text);
    return reply.tone === 'error' ? 2 : 0;
  } finally {
    await core.close();
  }
}
