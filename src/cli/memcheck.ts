// `memtutor memcheck FILE|- [--json] [--picture out.png] [--steps] [--step-pictures DIR]`: runs a
// Python file (or stdin) in the sandbox and prints the memory report. Exit 0 whenever a report was
// produced, whatever the snippet did; 1 when the file cannot be read. With --json, stdout holds the
// JSON report alone (logs go to stderr). With --picture, the memory picture is written there too (a
// note on stderr when none is). --steps and --step-pictures show the step-through (memcheck-steps.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createSandboxedMemoryCheck } from '../memcheck/sandboxed.js';
import { memoryReportReply } from '../core/memcheck/reply.js';
import { withLessons } from '../core/memcheck/hint-lessons.js';
import { renderForTerminal } from '../adapters/terminal/render.js';
import { terminalStyle } from '../adapters/terminal/style.js';
import { withPicture, type PictureMaker } from '../core/memcheck/picture.js';
import { pictureOf, type Reply } from '../core/messages.js';
import type { MemoryReport } from '../core/memcheck/report.js';
import { createPictureRenderer, pictureMaker } from '../picture/index.js';
import { showSteps } from './memcheck-steps.js';

export interface MemcheckCliOptions {
  json?: boolean;
  picture?: string;
  steps?: boolean;
  stepPictures?: string;
}

export async function memcheckCli(config: Config, logger: Logger, file: string, options: MemcheckCliOptions): Promise<number> {
  let code: string;
  try {
    code = file === '-' ? await text(process.stdin) : await readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(`memtutor memcheck: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  // One check: one child is enough, and starts sooner than a pool.
  const memcheck = createSandboxedMemoryCheck(config, logger, { poolSize: 1 });
  const renderer = options.picture || options.stepPictures ? createPictureRenderer() : undefined;
  const maker = renderer && pictureMaker(renderer);
  const style = terminalStyle(process.stdout);
  try {
    const report = await memcheck.check(code, { userId: 'cli' });
    const reply = options.picture && maker ? await drawInto(options.picture, report, maker) : memoryReportReply(report);
    process.stdout.write(options.json ? `${JSON.stringify(withLessons(report), null, 2)}\n` : renderForTerminal(reply, { withChoices: false, style }).text);
    if (options.steps || options.stepPictures) {
      await showSteps(report, code, { text: Boolean(options.steps) && !options.json, picturesDir: options.stepPictures, maker, style, stdout: process.stdout, stderr: process.stderr });
    }
    return 0;
  } finally {
    await renderer?.close();
    await memcheck.close();
  }
}

/** The report reply with its picture, also written to `file`. */
async function drawInto(file: string, report: MemoryReport, maker: PictureMaker): Promise<Reply> {
  const reply = await withPicture(memoryReportReply(report), report, maker);
  const picture = pictureOf(reply);
  if (picture && typeof picture.data !== 'string') {
    await writeFile(file, picture.data);
    process.stderr.write(`memtutor memcheck: picture written to ${file}\n`);
  } else process.stderr.write('memtutor memcheck: no picture for this program (nothing worth drawing, or it could not be drawn)\n');
  return reply;
}
