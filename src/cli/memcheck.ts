// `memtutor memcheck FILE|- [--json]`: runs a Python file (or stdin) in the sandbox and prints the
// memory report. Exit 0 whenever a report was produced, whatever the snippet did; 1 when the file
// cannot be read. With --json, stdout holds the JSON report alone (logs go to stderr).
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createSandboxedMemoryCheck } from '../memcheck/sandboxed.js';
import { memoryReportReply } from '../core/memcheck/reply.js';
import { withLessons } from '../core/memcheck/hint-lessons.js';
import { renderForTerminal } from '../adapters/terminal/render.js';
import { terminalStyle } from '../adapters/terminal/style.js';

export async function memcheckCli(config: Config, logger: Logger, file: string, options: { json?: boolean }): Promise<number> {
  let code: string;
  try {
    code = file === '-' ? await text(process.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(`memtutor memcheck: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  // One check: one child is enough, and starts sooner than a pool.
  const memcheck = createSandboxedMemoryCheck(config, logger, { poolSize: 1 });
  try {
    const report = await memcheck.check(code, { userId: 'cli' });
    process.stdout.write(options.json ? `${JSON.stringify(withLessons(report), null, 2)}\n` : renderForTerminal(memoryReportReply(report), { withChoices: false, style: terminalStyle(process.stdout) }).text);
    return 0;
  } finally {
    await memcheck.close();
  }
}
