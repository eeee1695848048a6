// /quiz stats and /leaderboard: a user's record, and a scope's ranking for the week or all time.
import type { Caller, Reply } from '../messages.js';
import type { LeaderboardRow, Store } from '../store/store.js';
import { userOf } from './practice.js';
import { liveStreak, weekKey, weekStart } from './weeks.js';

export type LeaderboardPeriod = 'week' | 'all';
export const LEADERBOARD_SIZE = 10;

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function statsReply(store: Store, caller: Caller, now: number): Promise<Reply> {
  const user = userOf(caller);
  const stats = await store.userStats(user);
  if (stats.answered === 0) {
    return { title: 'Your quiz stats', body: 'No answers yet. Try `/quiz` for your first question.', tone: 'info', ephemeral: true };
  }
  const zone = await scopeTimeZone(store, caller.scopeId);
  const weekly = liveStreak(await store.streak(caller.scopeId, user), weekKey(now, zone));
  const sections = stats.bySection.map((s) => `• ${s.section}: ${s.correct}/${s.answered} (${percent(s.correct, s.answered)})`);
  return {
    title: `Quiz stats · ${caller.displayName}`,
    body: `**Answered:** ${stats.answered} · **correct:** ${stats.correct} (${percent(stats.correct, stats.answered)})\n\n**By section**\n${sections.join('\n')}`,
    fields: [
      { name: 'Current streak', value: `${plural(stats.correctInARow, 'correct answer')} in a row`, inline: true },
      { name: 'Weekly quiz streak', value: plural(weekly, 'week'), inline: true },
    ],
    tone: 'info',
    ephemeral: true,
  };
}

/** The scope's weekly-quiz time zone defines its week; UTC without a schedule. */
export async function scopeTimeZone(store: Store, scopeId: string): Promise<string> {
  return (await store.getSchedule(scopeId))?.timeZone ?? 'UTC';
}

export function rankingLines(rows: readonly LeaderboardRow[]): string {
  const medals = ['🥇', '🥈', '🥉'];
  return rows
    .map((r, i) => `${medals[i] ?? `${i + 1}.`} **${r.displayName}** — ${r.correct} correct of ${r.answered} (${percent(r.correct, r.answered)})`)
    .join('\n');
}

export async function leaderboardReply(store: Store, scopeId: string, period: LeaderboardPeriod, now: number): Promise<Reply> {
  const zone = await scopeTimeZone(store, scopeId);
  const since = period === 'week' ? weekStart(weekKey(now, zone), zone) : undefined;
  const rows = await store.leaderboard(scopeId, since, LEADERBOARD_SIZE);
  const title = period === 'week' ? 'Leaderboard · this week' : 'Leaderboard · all time';
  if (rows.length === 0) {
    const when = period === 'week' ? ' this week' : '';
    return { title, body: `Nobody has answered a quiz question here${when} yet. Be the first: \`/quiz\`.`, tone: 'info' };
  }
  const footer = period === 'week' ? `Week from Monday 00:00 (${zone}) · \`/leaderboard all\` for all time` : '`/leaderboard week` for this week';
  return { title, body: rankingLines(rows), footer, tone: 'info' };
}
