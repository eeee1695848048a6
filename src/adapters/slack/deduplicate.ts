// Slack redelivers an event (x-slack-retry-num / retry_attempt) when it thinks the first delivery
// failed. Events are acked before any listener runs, so a redelivery of an event we already took is
// dropped here; one we never saw (we were down) is processed normally.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../logger.js';

const REMEMBERED_EVENTS = 5000;

export function ignoreRedeliveredEvents(logger: Logger, capacity = REMEMBERED_EVENTS): Middleware<AnyMiddlewareArgs> {
  const seen = new Set<string>();
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string') {
      if (seen.has(eventId)) {
        logger.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'slack: ignoring a redelivered event');
        return;
      }
      seen.add(eventId);
      // A Set iterates in insertion order: the first value is the oldest.
      if (seen.size > capacity) seen.delete(seen.values().next().value!);
    }
    await next();
  };
}
