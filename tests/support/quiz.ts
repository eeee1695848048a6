// Quiz test kit: a fake clock, a poster that records what the core posts, and a core built on
// the fixture question bank with a temp database.
import { fileURLToPath } from 'node:url';
import type { Core } from '../../src/core/index.js';
import type { Reply } from '../../src/core/messages.js';
import type { ChannelPoster, PostedMessage } from '../../src/core/outbox.js';
import type { Clock } from '../../src/core/quiz/clock.js';
import { tempDatabasePath, testCore } from './core.js';

export const FIXTURE_QUIZZES = fileURLToPath(new URL('../fixtures/quizzes/', import.meta.url));

interface Timer {
  at: number;
  fn: () => void;
}

/** Time that moves only when told; due timers fire in order as it moves. */
export class FakeClock implements Clock {
  private timers = new Set<Timer>();

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer = { at: this.current + Math.max(ms, 0), fn };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Awaited after each timer fires (e.g. the scheduler's idle), so chained timers fire in turn. */
  settle: () => Promise<void> = async () => {};

  /** Moves to `at`, firing due timers on the way, each at its own time (also timers armed meanwhile). */
  async set(at: number): Promise<void> {
    for (;;) {
      await this.settle();
      const due = [...this.timers].filter((t) => t.at <= at).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = at;
    await this.settle();
  }

  advance(ms: number): Promise<void> {
    return this.set(this.current + ms);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }
}

export interface PostedRecord extends PostedMessage {
  reply: Reply;
}

export class RecordingPoster implements ChannelPoster {
  readonly posts: PostedRecord[] = [];
  readonly updates: PostedRecord[] = [];
  failNext = 0;

  async post(channelId: string, reply: Reply): Promise<PostedMessage> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('platform unavailable');
    }
    const message = { platform: 'discord' as const, channelId, messageId: `m${this.posts.length + 1}` };
    this.posts.push({ ...message, reply });
    return message;
  }

  async update(message: PostedMessage, reply: Reply): Promise<void> {
    this.updates.push({ ...message, reply });
  }

  titled(prefix: string): PostedRecord[] {
    return this.posts.filter((p) => p.reply.title?.startsWith(prefix));
  }
}

export function quizCore(options: { clock?: Clock; databasePath?: string; random?: () => number } = {}): Promise<Core> {
  return testCore({ DATABASE_PATH: options.databasePath ?? tempDatabasePath() }, { quizzesDir: FIXTURE_QUIZZES, clock: options.clock, random: options.random });
}
