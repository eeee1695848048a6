// Everything commands need, built once at start-up and shared by every adapter.
import type { Logger } from '../logger.js';
import type { LessonLibrary } from './lessons/library.js';
import type { PictureMaker } from './memcheck/picture.js';
import type { MemoryCheck } from './memcheck/service.js';
import type { Outbox } from './outbox.js';
import type { StepPictures } from './steps/pictures.js';
import type { QuizServices } from './quiz/index.js';
import type { Store } from './store/store.js';

export interface Services {
  logger: Logger;
  lessons: LessonLibrary;
  /** Channel posters of the running adapters, for messages the core sends on its own. */
  outbox: Outbox;
  /** Quiz answers, scores, weekly schedules and rounds. */
  store: Store;
  quiz: QuizServices;
  /** Runs Python in the sandbox and reports what it did in memory. */
  memcheck: MemoryCheck;
  /** Draws the report's object graph; absent, reports go as text alone. */
  pictures?: PictureMaker;
  /** The step-through's pictures, cached per run and snapshot (drawn by `pictures`). */
  stepPictures: StepPictures;
}
