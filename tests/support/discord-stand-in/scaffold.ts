// A stand-in `memcheck` core command for adapter tests that must not depend on the sandbox: it
// answers like the real one (slow, a report with the program's output in a fenced block) after a
// chosen delay, so deferral, editing, ephemeral errors and long or hostile output can be exercised.
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { actions } from '../../../src/core/commands/index.js';
import { codeFromText } from '../../../src/core/commands/memcheck.js';
import { defineCommand } from '../../../src/core/commands/definition.js';
import type { Core } from '../../../src/core/index.js';
import { errorReply } from '../../../src/core/messages.js';
import { Router } from '../../../src/core/router.js';

export const SCAFFOLD_DELAY_MS = 400;

/** Fences text with more backticks than any run inside it (CommonMark), as the core should. */
export function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}\n${text}\n${marks}`;
}

export const scaffoldMemcheck = defineCommand({
  name: 'memcheck',
  description: 'Check what a piece of Python does in memory (test scaffold)',
  usage: '/memcheck',
  slow: true,
  options: z.object({ code: z.string().min(1) }),
  parseText: (text) => ({ code: codeFromText(text) }),
  async run({ code }) {
    await delay(SCAFFOLD_DELAY_MS);
    if (code.includes('raise SystemExit')) return errorReply('Memory checks are busy; try again in a minute.');
    const output = /^print\((['"])([\s\S]*)\1\)\s*$/.exec(code.trim())?.[2] ?? code;
    return {
      title: 'Memory report: ok',
      body: `Your program ran.\n\n**Output**\n${fence(output)}`,
      tone: 'success',
      attachments: output.length > 1000 ? [{ kind: 'text', filename: 'output.txt', data: output, alt: 'the full text' }] : undefined,
    };
  },
});

/** The real core with the scaffold in place of the memcheck command (real or missing). */
export function withScaffoldMemcheck(core: Core): Core {
  const commands = [...core.router.commands.filter((c) => c.name !== 'memcheck'), scaffoldMemcheck];
  return { ...core, router: new Router(commands, actions, core.services) };
}
