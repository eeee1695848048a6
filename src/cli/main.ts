// The `memtutor` command line. Subcommands load the configuration, build what they need and exit
// with 0 on success, 2 on bad arguments (with a usage line), 1 on a configuration or runtime failure.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import dotenv from 'dotenv';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, enabledPlatforms, loadConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { runTerminal, startBot } from '../start.js';
import { lessonCli } from './lesson.js';
import { quizCli } from './quiz.js';
import { memcheckCli, type MemcheckCliOptions } from './memcheck.js';

export const EXIT_USAGE = 2;

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return Number(value);
}

/** A Discord id (snowflake) such as a guild id. */
export function parseSnowflake(value: string): string {
  if (!/^\d{17,20}$/.test(value)) throw new InvalidArgumentError('must be a numeric Discord id');
  return value;
}

/** Loads .env and the configuration; a bad value ends the process with one clear line. */
export function setup(): { config: Config; logger: Logger } {
  dotenv.config({ quiet: true });
  try {
    const config = loadConfig();
    // The chat platforms log at info; the terminal chat and one-shot commands keep the prompt quiet.
    const level = config.LOG_LEVEL ?? (enabledPlatforms(config).length ? 'info' : 'warn');
    return { config, logger: createLogger(level) };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`memtutor: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The version in package.json, the one npm installed. */
export function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return z.object({ version: z.string() }).parse(manifest).version;
}

function buildProgram(): Command {
  const program = new Command('memtutor')
    .description('A chat tutor that teaches how Python manages memory (Discord, Slack, terminal).')
    .version(packageVersion(), '-V, --version', 'print the version of memtutor')
    .action(start);

  program
    .command('start')
    .description('run the bot on every configured platform; with no platform tokens, open the terminal chat')
    .action(start);

  program
    .command('chat')
    .description('open the terminal chat (works with piped stdin too)')
    .action(async () => {
      const { config, logger } = setup();
      await runTerminal(config, logger);
    });

  program
    .command('lesson')
    .description('print a lesson page: by number, by words, or the table of contents')
    .argument('[topic...]', 'a lesson number or words to search for')
    .option('-p, --page <K>', 'page number', parsePositiveInt)
    .action(async (topic: string[], options: { page?: number }) => {
      setup(); // .env and a checked configuration, as for every subcommand
      process.exitCode = await lessonCli(topic.join(' '), options.page);
    });

  program
    .command('quiz')
    .description('answer one quiz question: it is printed, you type the number of your answer')
    .option('--stats', 'print your quiz record instead')
    .action(async (options: { stats?: boolean }) => {
      const { config, logger } = setup();
      process.exitCode = await quizCli(config, logger, { stats: options.stats });
    });

  program
    .command('memcheck')
    .description('run a Python file (or - for stdin) in the sandbox and print its memory report')
    .argument('<file>', 'a .py file, or - to read stdin')
    .option('--json', 'print the report as JSON (the stable contract) and nothing else on stdout')
    .option('--picture <png>', 'also draw the memory picture into this PNG file')
    .option('--steps', 'also print the step-through: every executed line with its changes and frames')
    .option('--step-pictures <dir>', 'write one PNG per step-through snapshot into this folder')
    .action(async (file: string, options: MemcheckCliOptions) => {
      const { config, logger } = setup();
      process.exitCode = await memcheckCli(config, logger, file, options);
    });

  program
    .command('sandbox-worker')
    .description('serve memory checks from the PostgreSQL queue (SANDBOX_QUEUE_URL or DATABASE_URL) with a local sandbox pool')
    .action(async () => {
      const { config, logger } = setup();
      const { sandboxWorkerCli } = await import('./sandbox-worker.js');
      process.exitCode = await sandboxWorkerCli(config, logger);
    });

  program
    .command('doctor')
    .description('check the configuration and connectivity of this machine (database, queue, sandbox isolation, tokens) and say what is wrong')
    .option('--worker', 'check a sandbox worker machine (queue and sandbox only)')
    .action(async (options: { worker?: boolean }) => {
      dotenv.config({ quiet: true });
      const { diagnose, doctorReport } = await import('./doctor.js');
      const { text, exitCode } = doctorReport(await diagnose(process.env, { worker: options.worker }));
      process.stdout.write(text);
      process.exitCode = exitCode;
    });

  program
    .command('register-commands')
    .description('register the Discord slash commands and the Check memory menu (globally, or in one guild)')
    .option('-g, --guild <ID>', 'register in this guild only (shows up at once; for development)', parseSnowflake)
    .action(async (options: { guild?: string }) => {
      const { config } = setup();
      // Loaded here: discord.js takes a moment to import and the other subcommands don't need it.
      const { registerCommands } = await import('../adapters/discord/register-commands.js');
      const { scope, names } = await registerCommands(config, options.guild);
      process.stdout.write(`Registered ${names.length} Discord commands (${scope}): ${names.join(', ')}\n`);
    });

  program
    .command('bench')
    .description('run the benchmarks (all, or the named suites) and print their results as JSON')
    .argument('[suites...]', 'suite names')
    .action(async (names: string[]) => {
      const { runBenchmarks } = await import('../../bench/index.js');
      process.stdout.write(`${JSON.stringify(await runBenchmarks(names), null, 2)}\n`);
    });

  for (const command of [program, ...program.commands]) withUsageOnError(command);
  return program;
}

async function start(): Promise<void> {
  const { config, logger } = setup();
  await startBot(config, logger);
}

/** Bad arguments: commander's error line, then the usage line; the exit code becomes 2 in main(). */
function withUsageOnError(command: Command): void {
  const path = command.parent ? `memtutor ${command.name()}` : 'memtutor';
  command.exitOverride().configureOutput({
    outputError: (message, write) => write(`${message}Usage: ${path} ${command.usage()}\n`),
  });
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    process.stderr.write(`memtutor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv);
