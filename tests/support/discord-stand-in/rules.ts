// Platform rules the local Discord enforces beyond payload limits (limits.ts): channel permissions
// (403 50013 / 50001), the upload size limit (40005), per-route rate limits with Discord's headers
// (429 with retry_after), and how long an interaction's token lives. Each is something a real
// server does and a permissive localhost server would hide.

export const PERMISSION = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  sendMessagesInThreads: 1n << 38n,
} as const;

/** What an invite with the README's permissions integer gives the bot. */
export const BOT_PERMISSIONS = Object.values(PERMISSION).reduce((all, bit) => all | bit, 0n);

/** The default upload limit per message. */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
/** A follow-up (webhook) token lives 15 minutes. */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60_000;

export interface DiscordError {
  status: number;
  body: { code: number; message: string };
}

/** Why the bot may not post a message in a channel, given its permissions there; undefined if it may. */
export function postRefusal(permissions: bigint, withFiles: boolean, inThread = false): DiscordError | undefined {
  if (!(permissions & PERMISSION.viewChannel)) return { status: 403, body: { code: 50001, message: 'Missing Access' } };
  const send = inThread ? PERMISSION.sendMessagesInThreads : PERMISSION.sendMessages;
  if (!(permissions & send) || (withFiles && !(permissions & PERMISSION.attachFiles))) return { status: 403, body: { code: 50013, message: 'Missing Permissions' } };
  return undefined;
}

export function uploadRefusal(bytes: number): DiscordError | undefined {
  return bytes > UPLOAD_LIMIT_BYTES ? { status: 413, body: { code: 40005, message: 'Request entity too large' } } : undefined;
}

/** A route's bucket: `limit` requests per `windowMs`, reported in X-RateLimit-* headers. */
export class RouteBuckets {
  private readonly windows = new Map<string, { started: number; used: number }>();

  constructor(
    readonly limit = 5,
    readonly windowMs = 5000,
  ) {}

  /** Takes one request from `route`'s bucket: the headers to send, and whether it is over the limit. */
  take(route: string, now = Date.now()): { headers: Record<string, string>; limited: boolean; retryAfterS: number } {
    let window = this.windows.get(route);
    if (!window || now - window.started >= this.windowMs) {
      window = { started: now, used: 0 };
      this.windows.set(route, window);
    }
    const resetAfterS = Math.max(0, (window.started + this.windowMs - now) / 1000);
    const limited = window.used >= this.limit;
    if (!limited) window.used += 1;
    const headers = {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.limit - window.used)),
      'x-ratelimit-reset-after': resetAfterS.toFixed(3),
      'x-ratelimit-bucket': `bucket-${route}`,
      ...(limited ? { 'retry-after': String(Math.ceil(resetAfterS)), 'x-ratelimit-scope': 'user' } : {}),
    };
    return { headers, limited, retryAfterS: resetAfterS };
  }
}
