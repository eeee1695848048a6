// The quiz services the commands use, built from the store, the bank and a clock.
import type { Logger } from '../../logger.js';
import type { Outbox } from '../outbox.js';
import type { Store } from '../store/store.js';
import type { QuizBank } from './bank.js';
import type { Clock } from './clock.js';
import { PracticeQuiz } from './practice.js';
import { WeeklyRounds } from './rounds.js';
import { WeeklyScheduler } from './scheduler.js';

export interface QuizServices {
  bank: QuizBank;
  clock: Clock;
  practice: PracticeQuiz;
  rounds: WeeklyRounds;
  scheduler: WeeklyScheduler;
}

export interface QuizServiceDeps {
  bank: QuizBank;
  store: Store;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

export function createQuizServices({ bank, store, outbox, clock, logger, random }: QuizServiceDeps): QuizServices {
  const rounds = new WeeklyRounds(bank, store, outbox, clock, logger, random);
  const scheduler = new WeeklyScheduler(store, rounds, clock, logger);
  outbox.onRegister(() => scheduler.wake());
  return { bank, clock, practice: new PracticeQuiz(bank, store, clock, random), rounds, scheduler };
}
