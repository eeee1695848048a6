// The core's public face: build it once, hand its router to every adapter. It builds no
// infrastructure: the composition root (src/app.ts) opens the store and the memory check and
// hands them in as interfaces.
import type { Logger } from '../logger.js';
import { actions, commands } from './commands/index.js';
import { LessonLibrary } from './lessons/library.js';
import type { PictureMaker } from './memcheck/picture.js';
import type { MemoryCheck } from './memcheck/service.js';
import { Outbox } from './outbox.js';
import { QuizBank } from './quiz/bank.js';
import { systemClock, type Clock } from './quiz/clock.js';
import { createQuizServices } from './quiz/index.js';
import { Router } from './router.js';
import { StepPictures } from './steps/pictures.js';
import type { Services } from './services.js';
import type { Store } from './store/store.js';

export interface Core {
  router: Router;
  services: Services;
  /** Stops what the core started (the quiz scheduler); the store and memory check belong to whoever built them. */
  close(): Promise<void>;
}

/** What the core needs from outside, as interfaces. */
export interface CoreInfrastructure {
  store: Store;
  memcheck: MemoryCheck;
  logger: Logger;
  /** Draws memory pictures; without it reports go as text alone. */
  pictures?: PictureMaker;
}

/** Seams for tests: a fake clock, a fixture question bank. */
export interface CoreOptions {
  clock?: Clock;
  quizzesDir?: string;
  random?: () => number;
}

export async function createCore({ store, memcheck, logger, pictures }: CoreInfrastructure, options: CoreOptions = {}): Promise<Core> {
  const [lessons, bank] = await Promise.all([LessonLibrary.load(), QuizBank.load(options.quizzesDir)]);
  const outbox = new Outbox();
  const quiz = createQuizServices({ bank, store, outbox, clock: options.clock ?? systemClock, logger, random: options.random });
  const services: Services = { logger, lessons, outbox, store, quiz, memcheck, stepPictures: new StepPictures(pictures), ...(pictures ? { pictures } : {}) };
  quiz.scheduler.start();
  return {
    router: new Router(commands, actions, services),
    services,
    close: () => quiz.scheduler.stop(),
  };
}

export type { Caller, Reply, Button, Field, Attachment, Platform, Tone } from './messages.js';
export { Router } from './router.js';
export type { ChannelPoster, PostedMessage } from './outbox.js';
export type { MemoryCheck, MemoryCheckStatus } from './memcheck/service.js';
export type { PictureMaker, DrawnPicture } from './memcheck/picture.js';
export type { Store } from './store/store.js';
