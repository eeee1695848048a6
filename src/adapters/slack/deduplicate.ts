// Slack redelivers an event (x-slack-retry-num / retry_attempt) when it thinks the first delivery
// failed, and with several processes (HTTP behind a load balancer, or up to 10 Socket Mode
// connections) any of them may receive it. The first process to claim the event id in the shared
// store answers it; every other delivery of that id is dropped.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Store } from '../../core/store/store.js';
import type { Logger } from '../../logger.js';

/** Slack retries for about five minutes (at once, after a minute, after five): keep claims an hour. */
export const EVENT_CLAIM_TTL_MS = 60 * 60_000;

export function ignoreRedeliveredEvents(store: Pick<Store, 'claimEvent'>, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await claimed(store, eventId, logger))) {
      logger.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'slack: ignoring an event already taken');
      return;
    }
    await next();
  };
}

/** A store that cannot answer must not silence the bot: the event is then processed here. */
async function claimed(store: Pick<Store, 'claimEvent'>, eventId: string, logger: Logger): Promise<boolean> {
  try {
    return await store.claimEvent(`slack:event:${eventId}`, EVENT_CLAIM_TTL_MS);
  } catch (error) {
    logger.warn({ err: error, eventId }, 'slack: could not claim an event in the store; answering it here');
    return true;
  }
}
