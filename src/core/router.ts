// Routes neutral input (a text line, a structured command, a button action) to its handler and
// always answers with a Reply: bad input gets a usage reply, a failing handler a friendly apology.
import type { z } from 'zod';
import { chatCodeBlocks } from './markdown/fences.js';
import { errorReply, splitActionId, type Caller, type Reply } from './messages.js';
import type { ActionDefinition, AnyCommand, CommandContext } from './commands/definition.js';
import type { Services } from './services.js';

const COMMAND_LINE = /^\/([a-z][\w-]*)(?:\s+([\s\S]*))?$/i;

export class Router {
  private readonly byName: Map<string, AnyCommand>;
  private readonly byPrefix: Map<string, ActionDefinition>;

  constructor(
    readonly commands: readonly AnyCommand[],
    actions: readonly ActionDefinition[],
    private readonly services: Services,
  ) {
    this.byName = new Map(commands.map((c) => [c.name, c]));
    this.byPrefix = new Map(actions.map((a) => [a.prefix, a]));
  }

  command(name: string): AnyCommand | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /**
   * A chat line: `/name text`, or pasted code (sent to `memcheck` when that command exists).
   * Aborting `signal` tells a slow command its asker stopped waiting (a check is then cancelled).
   */
  async handleText(text: string, caller: Caller, signal?: AbortSignal): Promise<Reply> {
    const trimmed = text.trim();
    const line = COMMAND_LINE.exec(trimmed);
    if (line) {
      const command = this.command(line[1]!);
      if (!command) return this.unknownCommand(line[1]!);
      return this.execute(command, () => command.parseText(line[2] ?? ''), caller, signal);
    }
    const memcheck = this.command('memcheck');
    if (memcheck && chatCodeBlocks(trimmed).length > 0) return this.execute(memcheck, () => memcheck.parseText(trimmed), caller, signal);
    return {
      body: 'I answer commands starting with `/`. Try `/help`, `/lesson 3`, or paste Python in a ```python block.',
      tone: 'neutral',
      ephemeral: true,
    };
  }

  /** Whether handleText(text) would run a slow command (a sandbox run), so a platform can say "running…" at once. */
  isSlowText(text: string): boolean {
    const trimmed = text.trim();
    const line = COMMAND_LINE.exec(trimmed);
    const command = line ? this.command(line[1]!) : chatCodeBlocks(trimmed).length > 0 ? this.command('memcheck') : undefined;
    return command?.slow === true;
  }

  /** Whether the button `action` runs something slow (a lesson example in the sandbox). */
  isSlowAction(action: string): boolean {
    return this.byPrefix.get(splitActionId(action).prefix)?.slow === true;
  }

  /** A structured command from a platform that parses options itself (Discord). */
  handleCommand(name: string, rawOptions: unknown, caller: Caller): Promise<Reply> {
    const command = this.command(name);
    if (!command) return Promise.resolve(this.unknownCommand(name));
    return this.execute(command, () => rawOptions, caller);
  }

  /** A button click; `signal` as for handleText. */
  async handleAction(action: string, caller: Caller, signal?: AbortSignal): Promise<Reply> {
    const { prefix, args } = splitActionId(action);
    const handler = this.byPrefix.get(prefix);
    if (!handler) return errorReply('That button has expired. Run the command again to get a fresh one.');
    return this.guard(`action ${prefix}`, () => handler.run(args, this.context(caller, signal)));
  }

  private async execute(command: AnyCommand, raw: () => unknown, caller: Caller, signal?: AbortSignal): Promise<Reply> {
    let input: unknown;
    let parsed: z.ZodSafeParseResult<unknown>;
    try {
      input = raw();
      parsed = command.options.safeParse(input);
    } catch (error) {
      return this.usage(command, error instanceof Error ? error.message : String(error));
    }
    if (!parsed.success) return this.usage(command, describeOptionIssue(parsed.error, input));
    return this.guard(`command ${command.name}`, () => command.run(parsed.data, this.context(caller, signal)));
  }

  private async guard(what: string, run: () => Promise<Reply> | Reply): Promise<Reply> {
    try {
      return await run();
    } catch (error) {
      this.services.logger.error({ err: error }, `${what} failed`);
      return errorReply('Something went wrong on my side while answering that. Please try again in a moment.');
    }
  }

  private context(caller: Caller, signal?: AbortSignal): CommandContext {
    return { caller, services: this.services, commands: this.commands, ...(signal ? { signal } : {}) };
  }

  private usage(command: AnyCommand, problem: string): Reply {
    return errorReply(`${capitalize(problem)}.\nUsage: \`${command.usage}\``, `/${command.name}: check the options`);
  }

  private unknownCommand(name: string): Reply {
    const known = this.commands.map((c) => `/${c.name}`).join(', ');
    return errorReply(`I don't know \`/${name}\`. Commands: ${known}. Try \`/help\`.`);
  }
}

function describeOptionIssue(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0]!;
  const field = issue.path.join('.');
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return `${field} is required`;
  if (issue.code === 'unrecognized_keys') return `unknown option ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && field) return `${field} must be a ${issue.expected === 'number' ? 'number' : issue.expected}`;
  return issue.message.startsWith(field) || !field ? issue.message : `${field}: ${issue.message}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
