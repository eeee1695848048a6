// The core's public face: build it once, hand its router to every adapter.
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { actions, commands } from './commands/index.js';
import { LessonLibrary } from './lessons/library.js';
import { createMemoryCheck, sandboxOptions, type MemoryCheck } from './memcheck/service.js';
import { Outbox } from './outbox.js';
import { QuizBank } from './quiz/bank.js';
import { systemClock, type Clock } from './quiz/clock.js';
import { createQuizServices } from './quiz/index.js';
import { openStore } from '../store/index.js';
import { Router } from './router.js';
import type { Services } from './services.js';

export interface Core {
  router: Router;
  services: Services;
  close(): Promise<void>;
}

/** Seams for tests: a fake clock, a fixture question bank. */
export interface CoreOptions {
  clock?: Clock;
  quizzesDir?: string;
  random?: () => number;
  /** A memory check to use instead of starting the sandbox from the configuration. */
  memcheck?: MemoryCheck;
}

export async function createCore(config: Config, logger: Logger, options: CoreOptions = {}): Promise<Core> {
  const [lessons, bank] = await Promise.all([LessonLibrary.load(), QuizBank.load(options.quizzesDir)]);
  const store = await openStore(config);
  const outbox = new Outbox();
  const quiz = createQuizServices({ bank, store, outbox, clock: options.clock ?? systemClock, logger, random: options.random });
  const memcheck = options.memcheck ?? createMemoryCheck(sandboxOptions(config, logger), logger);
  const services: Services = { logger, lessons, outbox, store, quiz, memcheck };
  quiz.scheduler.start();
  return {
    router: new Router(commands, actions, services),
    services,
    close: async () => {
      await quiz.scheduler.stop();
      await memcheck.close();
      await store.close();
    },
  };
}

export type { Caller, Reply, Button, Field, Attachment, Platform, Tone } from './messages.js';
export { Router } from './router.js';
export type { ChannelPoster, PostedMessage } from './outbox.js';
