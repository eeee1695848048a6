// `memtutor lesson`: needs only the lessons, so it builds no core (no database, scheduler or sandbox).
import { lessonCommand, showLesson } from '../core/commands/lesson.js';
import { LessonLibrary } from '../core/lessons/library.js';
import { renderForTerminal } from '../adapters/terminal/render.js';
import { terminalStyle } from '../adapters/terminal/style.js';
import { withCliSyntax } from './cli-syntax.js';

export const LESSON_CLI_USAGE = 'Usage: memtutor lesson [options] [topic...]';

/** Prints the page (or the table of contents); returns the exit code: 2 for bad input or no such lesson. */
export async function lessonCli(topic: string, page: number | undefined): Promise<number> {
  const options = lessonCommand.options.safeParse({ topic: topic || undefined, page });
  if (!options.success) {
    process.stderr.write(`error: ${options.error.issues[0]!.message}\n${LESSON_CLI_USAGE}\n`);
    return 2;
  }
  const reply = showLesson(await LessonLibrary.load(), options.data.topic, options.data.page);
  const out = reply.tone === 'error' ? process.stderr : process.stdout;
  out.write(renderForTerminal(withCliSyntax(reply), { withChoices: false, style: terminalStyle(out) }).text);
  return reply.tone === 'error' ? 2 : 0;
}
