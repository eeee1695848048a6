import { z } from 'zod';
import { errorReply } from '../messages.js';
import { setSchedule, showSchedule, startRoundNow, turnOff } from '../quiz/weekly.js';
import { channelSchema, daySchema, durationSchema, questionCountSchema, timeSchema, timeZoneSchema } from '../quiz/weekly-options.js';
import { defineCommand } from './definition.js';
import { parseTextOptions } from './text-options.js';

const NAMED = ['action', 'channel', 'day', 'time', 'tz', 'questions', 'duration'] as const;

const options = z
  .object({
    action: z.enum(['set', 'show', 'off', 'now'], { message: 'action must be set, show, off or now' }).default('show'),
    channel: channelSchema.optional(),
    day: daySchema.optional(),
    time: timeSchema.optional(),
    tz: timeZoneSchema.optional(),
    questions: questionCountSchema.optional(),
    duration: durationSchema.optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.action !== 'set') return;
    if (o.day === undefined) ctx.addIssue({ code: 'custom', path: ['day'], message: 'day is required, e.g. day:fri' });
    if (o.time === undefined) ctx.addIssue({ code: 'custom', path: ['time'], message: 'time is required, e.g. time:17:00' });
  });

export const weeklyCommand = defineCommand({
  name: 'weekly',
  description: 'The weekly quiz in a study channel: set (admins), show, off, or run a round now',
  usage: '/weekly set channel:#study day:fri time:17:00 tz:Europe/Berlin questions:5 duration:24h | show | off | now [duration:1h]',
  options,
  // Schedules and confirmations are for the admin; the round itself is posted in the channel.
  personal: true,
  parseText(text) {
    const { positionals, named } = parseTextOptions(text, NAMED);
    const [action, ...rest] = positionals;
    if (rest.length) throw new Error(`unexpected "${rest.join(' ')}" (options look like day:fri)`);
    return { ...named, action: named.action ?? action?.toLowerCase() };
  },
  run(o, { caller, services }) {
    if (o.action === 'show') return showSchedule(services, caller);
    if (!caller.isAdmin) return errorReply('Only server or workspace admins can change the weekly quiz. `/weekly show` tells you when it runs.');
    if (o.action === 'off') return turnOff(services, caller);
    if (o.action === 'now') return startRoundNow(services, caller, { channel: o.channel, questions: o.questions, duration: o.duration });
    return setSchedule(services, caller, { channel: o.channel, day: o.day!, time: o.time!, tz: o.tz ?? 'UTC', questions: o.questions, duration: o.duration });
  },
});
