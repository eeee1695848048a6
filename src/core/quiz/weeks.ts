// Calendar weeks in a time zone, and weekly streaks over them. A week key is the local date of
// its Monday (`2026-11-23`), so keys compare as strings and the previous week is plain calendar
// arithmetic, unaffected by daylight-saving changes.
import type { Streak } from '../store/store.js';

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a time zone, as a UTC timestamp (same digits). */
function wallClockAsUtc(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

function dateKey(utcMidnight: number): string {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}

export function weekKey(instant: number, timeZone: string): string {
  const local = wallClockAsUtc(instant, timeZone);
  const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return dateKey(midnight - daysSinceMonday * DAY_MS);
}

export function previousWeekKey(key: string): string {
  return dateKey(Date.parse(`${key}T00:00:00Z`) - 7 * DAY_MS);
}

/** The instant the week `key` starts: Monday 00:00 local time in `timeZone`. */
export function weekStart(key: string, timeZone: string): number {
  const wall = Date.parse(`${key}T00:00:00Z`);
  // Two passes settle the zone offset even when it changes near midnight.
  let instant = wall - (wallClockAsUtc(wall, timeZone) - wall);
  instant = wall - (wallClockAsUtc(instant, timeZone) - instant);
  return instant;
}

/** The streak after answering in a round of week `key` (answers in an older round change nothing). */
export function nextStreak(previous: Streak | undefined, key: string): Streak {
  if (!previous) return { current: 1, best: 1, lastWeek: key };
  if (previous.lastWeek >= key) return previous;
  const current = previous.lastWeek === previousWeekKey(key) ? previous.current + 1 : 1;
  return { current, best: Math.max(previous.best, current), lastWeek: key };
}

/** Weeks in a row as of the week `nowKey`: still alive if the last answer was this or last week. */
export function liveStreak(streak: Streak | undefined, nowKey: string): number {
  if (!streak) return 0;
  return streak.lastWeek === nowKey || streak.lastWeek === previousWeekKey(nowKey) ? streak.current : 0;
}
