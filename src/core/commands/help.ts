import { z } from 'zod';
import { defineCommand } from './definition.js';

export const helpCommand = defineCommand({
  name: 'help',
  description: 'List the commands and what they do',
  usage: '/help',
  options: z.object({}),
  parseText: () => ({}),
  run(_options, { commands }) {
    const lines = commands.map((c) => `\`${c.usage}\` — ${c.description}`);
    return {
      title: 'memtutor: learn how Python manages memory',
      body: `${lines.join('\n')}\n\nStart with \`/lesson 1\`, or paste Python in a \`\`\`python block to see what it does in memory.`,
      tone: 'info',
    };
  },
});
