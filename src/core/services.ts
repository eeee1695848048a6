// Everything commands need, built once at start-up and shared by every adapter.
import type { Logger } from '../logger.js';
import type { LessonLibrary } from './lessons/library.js';

export interface Services {
  logger: Logger;
  lessons: LessonLibrary;
}
