// The values /weekly accepts, as zod schemas with messages that say what is allowed.
import { z } from 'zod';
import { isValidTimeZone } from './weeks.js';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export const MIN_DURATION_MS = 10_000;
export const MAX_DURATION_MS = 7 * 86_400_000;
export const MAX_ROUND_QUESTIONS = 10;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `fri`, `Friday`, `FRI` → 5 (cron numbering, Sunday = 0). */
export const daySchema = z.string().trim().transform((value, ctx) => {
  const index = DAYS.indexOf(value.slice(0, 3).toLowerCase() as (typeof DAYS)[number]);
  const fullName = index >= 0 && DAY_NAMES[index]!.toLowerCase().startsWith(value.toLowerCase());
  if (index < 0 || value.length < 3 || !fullName) {
    ctx.addIssue({ code: 'custom', message: `day must be a weekday such as mon, tue, wed, thu, fri, sat or sun (got "${value}")` });
    return z.NEVER;
  }
  return index;
});

/** `17:00`, `9:30` → `17:00`, `09:30`. */
export const timeSchema = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'time must be 24-hour HH:MM, such as 17:00 or 09:30')
  .transform((value) => value.padStart(5, '0'));

export const timeZoneSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (!isValidTimeZone(value)) {
      ctx.addIssue({ code: 'custom', message: `tz must be an IANA time zone such as Europe/Berlin or America/New_York (got "${value}")` });
    }
  });

/** `24h`, `90m`, `1h30m`, `2d`, `45s` → milliseconds, from 10 seconds to 7 days. */
export const durationSchema = z.string().trim().transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `duration must look like 24h, 90m, 1h30m or 2d (got "${value}")` });
    return z.NEVER;
  }
  if (ms < MIN_DURATION_MS || ms > MAX_DURATION_MS) {
    ctx.addIssue({ code: 'custom', message: 'duration must be between 10s and 7d' });
    return z.NEVER;
  }
  return ms;
});

export const questionCountSchema = z.coerce
  .number({ message: 'questions must be a number' })
  .int('questions must be a whole number')
  .min(1, 'questions must be 1 or more')
  .max(MAX_ROUND_QUESTIONS, `questions must be at most ${MAX_ROUND_QUESTIONS}`);

/** A channel id, or a Discord/Slack mention of one (`<#123>`, `<#C123|general>`). */
export const channelSchema = z
  .string()
  .trim()
  .transform((value) => /^<#([^>|]+)(?:\|[^>]*)?>$/.exec(value)?.[1] ?? value.replace(/^#/, ''))
  .pipe(z.string().regex(/^[\w.-]{1,80}$/, 'channel must be a channel mention or id'));

export function parseDuration(text: string): number | undefined {
  const compact = text.replace(/\s+/g, '').toLowerCase();
  if (!/^(\d+[smhd])+$/.test(compact)) return undefined;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(/(\d+)([smhd])/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || '0s';
}
