// Platform rules the local Slack enforces beyond message limits (limits.ts): who may post or upload
// where, how fast, and for how long a response_url or trigger_id stays usable. Each rule is one a
// real workspace applies and a localhost server would otherwise hide.

export type ConversationKind = 'public' | 'private' | 'im' | 'user';

/** Which conversations exist and which the bot is a member of. */
export class Conversations {
  private readonly privateIds = new Set<string>();
  private readonly joined = new Set<string>();

  /** By id prefix, as Slack names them: C… public, G… (or one made private) private, D… a DM, U… a user. */
  kind(id: string): ConversationKind | undefined {
    if (this.privateIds.has(id) || id.startsWith('G')) return 'private';
    if (id.startsWith('C')) return 'public';
    if (id.startsWith('D')) return 'im';
    if (id.startsWith('U') || id.startsWith('W')) return 'user';
    return undefined;
  }

  makePrivate(id: string): void {
    this.privateIds.add(id);
  }

  addBot(id: string): void {
    this.joined.add(id);
  }

  removeBot(id: string): void {
    this.joined.delete(id);
  }

  isBotMember(id: string): boolean {
    return this.kind(id) === 'im' || this.joined.has(id);
  }

  /** chat.postMessage: chat:write.public covers public channels the bot has not joined; a user id posts to the app's DM. */
  postProblem(id: string): string | undefined {
    const kind = this.kind(id);
    if (!kind) return 'channel_not_found';
    if (kind === 'private' && !this.isBotMember(id)) return 'not_in_channel';
    return undefined;
  }

  /** files.completeUploadExternal takes conversation ids only, and needs membership (chat:write.public does not help). */
  uploadProblem(id: string): string | undefined {
    const kind = this.kind(id);
    if (!kind || kind === 'user') return 'invalid_channel';
    if (!this.isBotMember(id)) return 'not_in_channel';
    return undefined;
  }

  /** conversations.join (channels:join) works for public channels only. */
  join(id: string): string | undefined {
    const kind = this.kind(id);
    if (!kind || kind === 'user') return 'channel_not_found';
    if (kind !== 'public') return 'method_not_supported_for_channel_type';
    this.joined.add(id);
    return undefined;
  }
}

/** chat.postMessage allows about one message per second per channel; more is answered 429 with Retry-After. */
export class ChannelRateLimit {
  private readonly lastPost = new Map<string, number>();

  constructor(private readonly intervalMs = 1000) {}

  /** Seconds to wait before posting in `channel` again; 0 when the post may go now (and counts it). */
  take(channel: string, now = performance.now()): number {
    const last = this.lastPost.get(channel);
    if (last !== undefined && now - last < this.intervalMs) return Math.ceil((this.intervalMs - (now - last)) / 1000);
    this.lastPost.set(channel, now);
    return 0;
  }
}

/** response_url: at most 5 uses within 30 minutes. trigger_id: 3 seconds. */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
export const TRIGGER_LIFETIME_MS = 3000;
