import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/index.js';
import { parseDuration } from '../../../src/core/quiz/weekly-options.js';
import { testCaller } from '../../support/core.js';
import { FakeClock, quizCore } from '../../support/quiz.js';

let core: Core;
const clock = new FakeClock(Date.parse('2026-11-18T10:00:00Z'));
beforeAll(async () => {
  core = await quizCore({ clock });
});
afterAll(() => core.close());

const admin = testCaller({ platform: 'discord', isAdmin: true, scopeId: 'g-weekly', channelId: 'general' });
const member = testCaller({ platform: 'discord', isAdmin: false, scopeId: 'g-weekly', channelId: 'general' });
const send = (text: string, caller = admin) => core.router.handleText(text, caller);

describe('/weekly options', () => {
  it.each([
    ['day:fry time:17:00', 'Day must be a weekday such as mon, tue, wed, thu, fri, sat or sun (got "fry")'],
    ['day:fr time:17:00', 'Day must be a weekday'],
    ['day:fri time:25:00', 'Time must be 24-hour HH:MM, such as 17:00 or 09:30'],
    ['day:fri time:5pm', 'Time must be 24-hour HH:MM'],
    ['day:fri time:17:00 tz:Mars/Olympus', 'Tz must be an IANA time zone such as Europe/Berlin or America/New_York (got "Mars/Olympus")'],
    ['day:fri time:17:00 duration:soon', 'Duration must look like 24h, 90m, 1h30m or 2d (got "soon")'],
    ['day:fri time:17:00 duration:8d', 'Duration must be between 10s and 7d'],
    ['day:fri time:17:00 duration:5s', 'Duration must be between 10s and 7d'],
    ['day:fri time:17:00 questions:0', 'Questions must be 1 or more'],
    ['day:fri time:17:00 questions:many', 'Questions must be a number'],
    ['day:fri time:17:00 questions:11', 'Questions must be at most 10'],
    ['time:17:00', 'Day is required, e.g. day:fri'],
    ['day:fri', 'Time is required, e.g. time:17:00'],
    ['day:fri time:17:00 colour:blue', 'Unexpected "colour:blue"'],
  ])('/weekly set %s → %s', async (options, message) => {
    const reply = await send(`/weekly set ${options}`);
    expect(reply.tone).toBe('error');
    expect(reply.body).toContain(message);
    expect(reply.body).toContain('Usage: `/weekly set');
  });

  it('rejects an unknown action', async () => {
    expect((await send('/weekly start')).body).toContain('Action must be set, show, off or now');
  });

  it('reads durations in units and combinations', () => {
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('90')).toBeUndefined();
  });
});

describe('/weekly set, show, off', () => {
  it('is for admins only, except show', async () => {
    for (const text of ['/weekly set day:fri time:17:00', '/weekly off', '/weekly now']) {
      expect((await send(text, member)).body).toContain('Only server or workspace admins');
    }
    expect((await send('/weekly show', member)).body).toContain('No weekly quiz is set here');
  });

  it('sets a schedule (full day names, channel mentions, defaults), shows it and turns it off', async () => {
    const set = await send('/weekly set channel:<#C123|study> day:Friday time:9:05 tz:America/New_York');
    expect(set.body).toContain('every Friday at 09:05 (America/New_York) in <#C123>: 5 questions, open for 1d');
    expect(set.body).toMatch(/Next round: Fri 20 Nov, 09:05 (EST|GMT-5)/);
    expect((await send('/weekly', member)).body).toContain('Runs every Friday at 09:05');
    expect((await send('/weekly off')).title).toBe('Weekly quiz off');
    expect((await send('/weekly show', member)).body).toContain('No weekly quiz is set here');
    expect((await send('/weekly off')).body).toContain('already off');
  });

  it('says so when /weekly now cannot post because the platform is not connected', async () => {
    expect((await send('/weekly now')).body).toContain("I can't post on discord right now");
  });
});

describe('/weekly is personal', () => {
  it('declares it, and every reply it gives goes to the caller alone', async () => {
    expect(core.router.command('weekly')?.personal).toBe(true);
    const replies = [
      await send('/weekly show', member),
      await send('/weekly set day:fri time:17:00', member),
      await send('/weekly set day:fry time:17:00'),
      await send('/weekly set channel:#p day:fri time:17:00 tz:UTC'),
      await send('/weekly show'),
      await send('/weekly now channel:#p questions:1 duration:1h'),
      await send('/weekly now channel:#p'),
      await send('/weekly off'),
    ];
    expect(replies.map((r) => r.ephemeral)).toEqual(replies.map(() => true));
  });
});
