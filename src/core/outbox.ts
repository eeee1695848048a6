// How the core posts on its own initiative (the weekly quiz): each running adapter registers a
// ChannelPoster for its platform; the core looks one up by the platform a schedule belongs to.
import type { Platform, Reply } from './messages.js';

export interface PostedMessage {
  platform: Platform;
  channelId: string;
  messageId: string;
}

export interface ChannelPoster {
  /** Posts a reply into a channel and returns where it landed. */
  post(channelId: string, reply: Reply): Promise<PostedMessage>;
  /** Replaces a message posted earlier (e.g. to close a round's buttons). */
  update(message: PostedMessage, reply: Reply): Promise<void>;
  /**
   * Whether the bot can post rounds in a channel: undefined when it can, else a sentence telling the
   * admin (`adminUserId`) what to fix. Platforms without channel rules leave it out.
   */
  channelProblem?(channelId: string, adminUserId: string): Promise<string | undefined>;
  /** Sends a reply to one person privately (a DM): how an admin hears that a round was paused. */
  tellUser?(userId: string, reply: Reply): Promise<void>;
}

export class Outbox {
  private readonly posters = new Map<Platform, ChannelPoster>();
  private readonly registerListeners: Array<(platform: Platform) => void> = [];

  register(platform: Platform, poster: ChannelPoster): void {
    this.posters.set(platform, poster);
    for (const listener of this.registerListeners) listener(platform);
  }

  /** Called after each register (the weekly scheduler posts what waited for that platform). */
  onRegister(listener: (platform: Platform) => void): void {
    this.registerListeners.push(listener);
  }

  unregister(platform: Platform): void {
    this.posters.delete(platform);
  }

  /** The poster for a platform, or undefined while that adapter is not running. */
  for(platform: Platform): ChannelPoster | undefined {
    return this.posters.get(platform);
  }
}
