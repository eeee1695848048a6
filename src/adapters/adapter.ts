// The one contract every chat platform implements, and how one is launched: started, then its
// poster lent to the core's outbox (weekly posts) until it stops. start.ts runs adapters only
// through this interface (see src/adapters/registry.ts for the list of platforms).
import type { Platform } from '../core/messages.js';
import type { ChannelPoster, Outbox } from '../core/outbox.js';

export interface PlatformAdapter {
  readonly name: Platform;
  /** Posts the core's own messages on this platform; used between start() and stop(). */
  readonly poster: ChannelPoster;
  /** Connects; resolves once the platform accepted the credentials and events flow. Rejects leaving nothing running. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the adapter ends by itself (the terminal chat at end of input); servers run until stopped. */
  readonly finished?: Promise<void>;
}

export interface RunningAdapter {
  readonly adapter: PlatformAdapter;
  stop(): Promise<void>;
}

export async function launch(adapter: PlatformAdapter, outbox: Outbox): Promise<RunningAdapter> {
  await adapter.start();
  outbox.register(adapter.name, adapter.poster);
  return {
    adapter,
    async stop() {
      outbox.unregister(adapter.name);
      await adapter.stop();
    },
  };
}
