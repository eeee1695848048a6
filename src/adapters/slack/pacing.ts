// Slack allows chat.postMessage about once a second per channel and answers more with 429. Posts
// into one channel wait for their turn here instead, so a weekly round of ten questions arrives
// complete and in order without tripping the limit; other channels are not held up.
import { setTimeout as sleep } from 'node:timers/promises';

/** One message a second per channel, as Slack documents for chat.postMessage, with a margin for network jitter. */
export const CHANNEL_POST_INTERVAL_MS = 1100;
/** Past this many remembered channels, ones whose turn has long passed are forgotten. */
const REMEMBERED_CHANNELS = 1000;

export class ChannelPacer {
  private readonly nextTurn = new Map<string, number>();

  constructor(private readonly intervalMs = CHANNEL_POST_INTERVAL_MS) {}

  /** Resolves when `channelId` may take its next post; turns are handed out in call order. */
  async turn(channelId: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextTurn.get(channelId) ?? 0);
    this.nextTurn.set(channelId, at + this.intervalMs);
    if (this.nextTurn.size > REMEMBERED_CHANNELS) this.forgetPast(now);
    if (at > now) await sleep(at - now);
  }

  private forgetPast(now: number): void {
    for (const [channelId, at] of this.nextTurn) if (at < now) this.nextTurn.delete(channelId);
  }
}
