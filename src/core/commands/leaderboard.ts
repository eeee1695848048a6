import { z } from 'zod';
import { leaderboardReply } from '../quiz/stats.js';
import { defineCommand } from './definition.js';
import { parseTextOptions } from './text-options.js';

const options = z
  .object({
    period: z.enum(['week', 'all'], { message: 'period must be week or all' }).default('week'),
  })
  .strict();

export const leaderboardCommand = defineCommand({
  name: 'leaderboard',
  description: "The quiz ranking in this server or workspace: this week's, or of all time",
  usage: '/leaderboard [week|all]',
  options,
  parseText(text) {
    const { positionals, named } = parseTextOptions(text, ['period']);
    if (positionals.length > 1) throw new Error(`unexpected "${positionals.slice(1).join(' ')}"`);
    return { period: named.period ?? positionals[0]?.toLowerCase() };
  },
  run({ period }, { caller, services }) {
    return leaderboardReply(services.store, caller.scopeId, period, services.quiz.clock.now());
  },
});
