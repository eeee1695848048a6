import { describe, expect, it } from 'vitest';
import { liveStreak, nextStreak, previousWeekKey, weekKey, weekStart } from '../../../src/core/quiz/weeks.js';
import type { Streak } from '../../../src/core/store/store.js';

const at = (iso: string) => Date.parse(iso);

describe('week keys', () => {
  it('names a week by the local date of its Monday', () => {
    expect(weekKey(at('2026-11-27T16:00:00Z'), 'Europe/Berlin')).toBe('2026-11-23');
    expect(weekKey(at('2026-11-23T00:00:00Z'), 'UTC')).toBe('2026-11-23');
    expect(weekKey(at('2026-11-22T23:59:59Z'), 'UTC')).toBe('2026-11-16');
  });

  it('follows the local calendar, not UTC', () => {
    // Sunday 23:30 UTC is already Monday in Berlin, and still Sunday afternoon in Los Angeles.
    const sundayNightUtc = at('2026-11-22T23:30:00Z');
    expect(weekKey(sundayNightUtc, 'UTC')).toBe('2026-11-16');
    expect(weekKey(sundayNightUtc, 'Europe/Berlin')).toBe('2026-11-23');
    expect(weekKey(sundayNightUtc, 'America/Los_Angeles')).toBe('2026-11-16');
    // Monday 00:30 in Auckland is Sunday 11:30 UTC.
    expect(weekKey(at('2026-11-22T11:30:00Z'), 'Pacific/Auckland')).toBe('2026-11-23');
  });

  it('steps back a week across a DST change and a year end', () => {
    expect(previousWeekKey('2026-11-02')).toBe('2026-10-26');
    expect(previousWeekKey('2026-01-05')).toBe('2025-12-29');
  });

  it('starts a week at local Monday midnight, whichever side of a DST change', () => {
    expect(new Date(weekStart('2026-10-19', 'Europe/Berlin')).toISOString()).toBe('2026-10-18T22:00:00.000Z'); // CEST, UTC+2
    expect(new Date(weekStart('2026-10-26', 'Europe/Berlin')).toISOString()).toBe('2026-10-25T23:00:00.000Z'); // CET, UTC+1
    expect(new Date(weekStart('2026-03-09', 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });
});

describe('weekly streaks', () => {
  const play = (weeks: string[]): Streak | undefined => weeks.reduce<Streak | undefined>((s, w) => nextStreak(s, w), undefined);

  it('counts weeks in a row, restarts after a gap and remembers the best', () => {
    expect(play(['2026-11-02', '2026-11-09', '2026-11-16'])).toEqual({ current: 3, best: 3, lastWeek: '2026-11-16' });
    expect(play(['2026-11-02', '2026-11-09', '2026-11-23'])).toEqual({ current: 1, best: 2, lastWeek: '2026-11-23' });
  });

  it('counts a week once, however many rounds it had, and ignores a late older round', () => {
    expect(play(['2026-11-09', '2026-11-09', '2026-11-16', '2026-11-09'])).toEqual({ current: 2, best: 2, lastWeek: '2026-11-16' });
  });

  it('keeps a streak across the end of daylight saving time (Berlin, 25 October 2026)', () => {
    // Friday 17:00 rounds: 15:00 UTC before the change, 16:00 UTC after it.
    const before = weekKey(at('2026-10-23T15:00:00Z'), 'Europe/Berlin');
    const after = weekKey(at('2026-10-30T16:00:00Z'), 'Europe/Berlin');
    expect([before, after]).toEqual(['2026-10-19', '2026-10-26']);
    expect(play([before, after])?.current).toBe(2);
  });

  it('keeps a streak across the start of daylight saving time (New York, 8 March 2026)', () => {
    const sundayRounds = ['2026-03-01T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-15T13:00:00Z'].map((t) => weekKey(at(t), 'America/New_York'));
    expect(play(sundayRounds)?.current).toBe(3);
  });

  it('shows a streak as alive this week and the next, then as 0', () => {
    const streak = play(['2026-11-09', '2026-11-16']);
    expect(liveStreak(streak, '2026-11-16')).toBe(2);
    expect(liveStreak(streak, '2026-11-23')).toBe(2);
    expect(liveStreak(streak, '2026-11-30')).toBe(0);
    expect(liveStreak(undefined, '2026-11-30')).toBe(0);
  });
});
