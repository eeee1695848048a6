// Drives the weekly quiz from the store: each tick opens the rounds whose slot has come (once per
// slot, also after downtime while the window is still open), posts what a crash left unposted,
// closes due rounds, then sleeps until the next slot or close. All state lives in the store, so
// a restarted process simply ticks again.
import { Cron } from 'croner';
import type { Logger } from '../../logger.js';
import type { Store, WeeklySchedule } from '../store/store.js';
import type { Clock } from './clock.js';
import type { WeeklyRounds } from './rounds.js';

/** While a platform's poster is missing or a post failed, try again this often. */
export const RETRY_MS = 60_000;

export function cronPattern(schedule: Pick<WeeklySchedule, 'day' | 'time'>): string {
  const [hour, minute] = schedule.time.split(':').map(Number);
  return `${minute} ${hour} * * ${schedule.day}`;
}

function cronFor(schedule: WeeklySchedule): Cron {
  return new Cron(cronPattern(schedule), { timezone: schedule.timeZone, paused: true });
}

/** The next instant a schedule posts, after `now`. */
export function nextSlot(schedule: WeeklySchedule, now: number): number | undefined {
  return cronFor(schedule).nextRun(new Date(now))?.getTime();
}

/** The latest slot at or before `now`. */
export function latestSlot(schedule: WeeklySchedule, now: number): number | undefined {
  return cronFor(schedule).previousRuns(1, new Date(now + 1))[0]?.getTime();
}

export class WeeklyScheduler {
  private running = false;
  private cancelTimer: (() => void) | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly rounds: WeeklyRounds,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /** Stops the timer and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.chain;
  }

  /** Ticks as soon as possible (a schedule changed, a round was opened, a poster registered). */
  wake(): void {
    if (!this.running) return;
    this.chain = this.chain.then(() => this.tick());
  }

  /** Resolves when every tick asked for so far has finished. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    let wakeAt: number | undefined;
    const later = (at: number | undefined) => {
      if (at !== undefined && (wakeAt === undefined || at < wakeAt)) wakeAt = at;
    };
    try {
      for (const schedule of await this.store.enabledSchedules()) {
        later(await this.retrying(`weekly slot of ${schedule.scopeId}`, () => this.runSchedule(schedule)));
      }
      for (const round of await this.store.openRounds()) later(await this.retrying(`weekly round ${round.id}`, () => this.runRound(round.id)));
      for (const round of await this.store.roundsAwaitingResults()) {
        later(await this.retrying(`results of weekly round ${round.id}`, () => this.rounds.postResults(round).then(() => undefined)));
      }
    } catch (err) {
      this.logger.error({ err }, 'weekly quiz tick failed');
      later(this.clock.now() + RETRY_MS);
    }
    this.arm(wakeAt);
  }

  /** Opens the current slot's round if it is due and missing; returns when to look again. */
  private async runSchedule(schedule: WeeklySchedule): Promise<number | undefined> {
    const now = this.clock.now();
    const slot = latestSlot(schedule, now);
    const open = slot !== undefined && slot >= schedule.updatedAt && slot + schedule.durationMs > now;
    if (open) {
      const round = await this.rounds.open({
        scopeId: schedule.scopeId,
        platform: schedule.platform,
        channelId: schedule.channelId,
        questions: schedule.questions,
        durationMs: schedule.durationMs,
        timeZone: schedule.timeZone,
        slotKey: `slot:${new Date(slot).toISOString()}`,
        opensAt: slot,
        adminUserId: schedule.setBy,
      });
      const exists = round ?? (await this.store.openRounds()).some((r) => r.scopeId === schedule.scopeId && r.opensAt === slot);
      if (!exists) return now + RETRY_MS;
    }
    return nextSlot(schedule, now);
  }

  private async runRound(roundId: number): Promise<number | undefined> {
    const round = await this.store.getRound(roundId);
    if (!round || round.status !== 'open') return undefined;
    if (this.clock.now() < round.closesAt) {
      await this.rounds.postQuestions(round);
      return round.closesAt;
    }
    return (await this.rounds.closeIfDue(round)) ? undefined : this.clock.now() + RETRY_MS;
  }

  /** One failing step (a platform error) is logged and retried later; it never stops the others. */
  private async retrying(what: string, step: () => Promise<number | undefined>): Promise<number | undefined> {
    try {
      return await step();
    } catch (err) {
      this.logger.error({ err }, `${what} failed; retrying in a minute`);
      return this.clock.now() + RETRY_MS;
    }
  }

  private arm(at: number | undefined): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (!this.running || at === undefined) return;
    this.cancelTimer = this.clock.setTimer(() => this.wake(), at - this.clock.now());
  }
}
