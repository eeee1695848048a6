// The declarative shape of a command and of a button action. One command per file under
// src/core/commands/; each declares a zod schema for its neutral options.
import type { z } from 'zod';
import type { Caller, Reply } from '../messages.js';
import type { Services } from '../services.js';

export interface CommandContext {
  caller: Caller;
  services: Services;
  /** The commands known to the router (for /help). */
  commands: readonly AnyCommand[];
  /** Aborted when the asker stops waiting (Ctrl-C in the terminal): a slow command stops its work. */
  signal?: AbortSignal;
}

export interface CommandDefinition<S extends z.ZodType> {
  name: string;
  /** One line, shown by /help and registered with the platforms. */
  description: string;
  /** e.g. `/lesson [number | words] [page]` */
  usage: string;
  options: S;
  /** Turns the free text after `/name` (terminal, Slack) into raw options for `options` to check. */
  parseText(text: string): unknown;
  /** Slow commands (sandbox runs) are acknowledged at once and answered when ready. */
  slow?: boolean;
  /**
   * Every reply goes to the caller alone (ephemeral). A platform that must acknowledge before the
   * reply is ready does it privately, so nobody sees that someone asked.
   */
  personal?: boolean;
  run(options: z.infer<S>, ctx: CommandContext): Promise<Reply> | Reply;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list of commands
export type AnyCommand = CommandDefinition<any>;

export function defineCommand<S extends z.ZodType>(definition: CommandDefinition<S>): CommandDefinition<S> {
  return definition;
}

/** Handles button clicks whose action id starts with `prefix:`. */
export interface ActionDefinition {
  prefix: string;
  /** Slow actions (sandbox runs) are acknowledged at once, as slow commands are. */
  slow?: boolean;
  run(args: string[], ctx: CommandContext): Promise<Reply> | Reply;
}

export function defineAction(definition: ActionDefinition): ActionDefinition {
  return definition;
}
