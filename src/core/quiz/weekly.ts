// What /weekly does: set, show and turn off a scope's schedule, and run a round now.
import { errorReply, type Caller, type Platform, type Reply } from '../messages.js';
import type { Services } from '../services.js';
import type { WeeklySchedule } from '../store/store.js';
import { channelMention, showRoundQuestionAction } from './replies.js';
import { formatInstant } from './rounds.js';
import { nextSlot } from './scheduler.js';
import { DAY_NAMES, formatDuration } from './weekly-options.js';

export const DEFAULT_ROUND_QUESTIONS = 5;
export const DEFAULT_ROUND_DURATION_MS = 24 * 3_600_000;

export interface ScheduleRequest {
  channel?: string;
  day: number;
  time: string;
  tz: string;
  questions?: number;
  duration?: number;
}

export interface RoundNowRequest {
  channel?: string;
  questions?: number;
  duration?: number;
}

function describeSchedule(s: WeeklySchedule): string {
  const every = `every ${DAY_NAMES[s.day]} at ${s.time} (${s.timeZone})`;
  return `${every} in ${channelMention(s.platform, s.channelId)}: ${s.questions} question${s.questions === 1 ? '' : 's'}, open for ${formatDuration(s.durationMs)}`;
}

/** Why the platform's poster cannot post in the channel, as the admin should read it; undefined when it can. */
async function channelProblem(services: Services, caller: Caller, platform: Platform, channelId: string): Promise<Reply | undefined> {
  const problem = await services.outbox.for(platform)?.channelProblem?.(channelId, caller.userId);
  return problem ? errorReply(problem, 'The weekly quiz cannot post there') : undefined;
}

export async function setSchedule(services: Services, caller: Caller, request: ScheduleRequest): Promise<Reply> {
  const unusable = await channelProblem(services, caller, caller.platform, request.channel ?? caller.channelId);
  if (unusable) return unusable;
  const now = services.quiz.clock.now();
  const schedule: WeeklySchedule = {
    scopeId: caller.scopeId,
    platform: caller.platform,
    channelId: request.channel ?? caller.channelId,
    day: request.day,
    time: request.time,
    timeZone: request.tz,
    questions: request.questions ?? DEFAULT_ROUND_QUESTIONS,
    durationMs: request.duration ?? DEFAULT_ROUND_DURATION_MS,
    enabled: true,
    updatedAt: now,
    setBy: caller.userId,
  };
  await services.store.saveSchedule(schedule);
  services.quiz.scheduler.wake();
  const next = nextSlot(schedule, now);
  const when = next === undefined ? '' : `\nNext round: ${formatInstant(next, schedule.timeZone)}.`;
  return { title: 'Weekly quiz set', body: `The weekly quiz runs ${describeSchedule(schedule)}.${when}`, tone: 'success', ephemeral: true };
}

export async function showSchedule(services: Services, caller: Caller): Promise<Reply> {
  const schedule = await services.store.getSchedule(caller.scopeId);
  const open = (await services.store.openRounds()).filter((r) => r.scopeId === caller.scopeId);
  const openLines = open.map((r) => `A round is open in ${channelMention(r.platform, r.channelId)} until ${formatInstant(r.closesAt, r.timeZone)}.`);
  // Buttons to see the open round's questions again, privately, e.g. after missing the posts.
  const buttons = open[0]?.questionIds.map((_, i) => ({ label: `Question ${i + 1}`, action: showRoundQuestionAction(open[0]!.id, i) }));
  if (!schedule?.enabled) {
    const body = ['No weekly quiz is set here.', ...openLines, 'Admins: `/weekly set channel:#study day:fri time:17:00 tz:Europe/Berlin`'];
    return { title: 'Weekly quiz', body: body.join('\n'), buttons, tone: 'info', ephemeral: true };
  }
  const next = nextSlot(schedule, services.quiz.clock.now());
  const nextLine = next === undefined ? [] : [`Next round: ${formatInstant(next, schedule.timeZone)}.`];
  return { title: 'Weekly quiz', body: [`Runs ${describeSchedule(schedule)}.`, ...nextLine, ...openLines].join('\n'), buttons, tone: 'info', ephemeral: true };
}

export async function turnOff(services: Services, caller: Caller): Promise<Reply> {
  const schedule = await services.store.getSchedule(caller.scopeId);
  if (!schedule?.enabled) return { body: 'The weekly quiz is already off here.', tone: 'info', ephemeral: true };
  await services.store.saveSchedule({ ...schedule, enabled: false, updatedAt: services.quiz.clock.now() });
  services.quiz.scheduler.wake();
  return { title: 'Weekly quiz off', body: 'No more weekly rounds will be posted. A round already open still closes with its results.', tone: 'success', ephemeral: true };
}

export async function startRoundNow(services: Services, caller: Caller, request: RoundNowRequest): Promise<Reply> {
  const open = (await services.store.openRounds()).find((r) => r.scopeId === caller.scopeId);
  if (open) return errorReply(`A round is already open in ${channelMention(open.platform, open.channelId)} until ${formatInstant(open.closesAt, open.timeZone)}.`);
  if (services.quiz.bank.questions.length === 0) return errorReply('There are no quiz questions to post yet.');
  const schedule = await services.store.getSchedule(caller.scopeId);
  const now = services.quiz.clock.now();
  const platform = schedule?.platform ?? caller.platform;
  const channelId = request.channel ?? schedule?.channelId ?? caller.channelId;
  const unusable = await channelProblem(services, caller, platform, channelId);
  if (unusable) return unusable;
  const round = await services.quiz.rounds.open({
    scopeId: caller.scopeId,
    platform,
    channelId,
    questions: request.questions ?? schedule?.questions ?? DEFAULT_ROUND_QUESTIONS,
    durationMs: request.duration ?? schedule?.durationMs ?? DEFAULT_ROUND_DURATION_MS,
    timeZone: schedule?.timeZone ?? 'UTC',
    slotKey: `now:${now}`,
    opensAt: now,
    adminUserId: caller.userId,
  });
  if (!round) return errorReply(`I can't post on ${platform} right now; try again once the bot is connected there.`);
  services.quiz.scheduler.wake();
  const count = round.questionIds.length;
  return {
    title: 'Weekly round started',
    body: `${count} question${count === 1 ? '' : 's'} posted in ${channelMention(platform, channelId)}; results ${formatInstant(round.closesAt, round.timeZone)}.`,
    tone: 'success',
    ephemeral: true,
  };
}
