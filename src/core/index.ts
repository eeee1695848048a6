// The core's public face: build it once, hand its router to every adapter.
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { actions, commands } from './commands/index.js';
import { LessonLibrary } from './lessons/library.js';
import { Outbox } from './outbox.js';
import { Router } from './router.js';
import type { Services } from './services.js';

export interface Core {
  router: Router;
  services: Services;
  close(): Promise<void>;
}

export async function createCore(_config: Config, logger: Logger): Promise<Core> {
  const lessons = await LessonLibrary.load();
  const services: Services = { logger, lessons, outbox: new Outbox() };
  return {
    router: new Router(commands, actions, services),
    services,
    close: async () => {},
  };
}

export type { Caller, Reply, Button, Field, Attachment, Platform, Tone } from './messages.js';
export { Router } from './router.js';
export type { ChannelPoster, PostedMessage } from './outbox.js';
