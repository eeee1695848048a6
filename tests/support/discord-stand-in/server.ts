// A local Discord stand-in: the gateway (ws) and the REST API (node:http) on 127.0.0.1, enough for the
// real discord.js client to log in, receive interactions and messages, and answer them. It enforces
// Discord's payload limits (limits.ts), the 3-second interaction window from the interaction's creation,
// one callback per interaction, intents (no message content without the privileged intent), session
// resumption, the rules in rules.ts (channel permissions, the upload limit, per-route rate limits and the
// 15-minute interaction token), how an edit treats the attachments it does not list (kept, unless the
// edit sends `attachments`) and that an embed's `attachment://name` names one of them, and sharding:
// IDENTIFY names `shard: [id, count]`, a guild's events go to the sessions of shard `(guild_id >> 22) %
// count` and DMs to shard 0; sessions of the same shard each get everything, as with Discord when several
// copies of a bot run without sharding.
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { z } from 'zod';
import { autocompleteBody, commandList, invalidFormBody, messageBody, modalBody } from './limits.js';
import { BOT_PERMISSIONS, INTERACTION_TOKEN_LIFETIME_MS, RouteBuckets, postRefusal, uploadRefusal, type DiscordError } from './rules.js';
import {
  dmChannelObject,
  guildCreateObject,
  messageObject,
  roleObject,
  snowflake,
  textChannelObject,
  threadChannelObject,
  userObject,
  type GuildFixture,
  type StoredFile,
  type StoredMessage,
  type UserObject,
} from './payloads.js';

export const INTENTS = { Guilds: 1 << 0, GuildMessages: 1 << 9, DirectMessages: 1 << 12, MessageContent: 1 << 15 } as const;
const MANAGE_GUILD = 1n << 5n;
const MEMBER_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 16n); // view, send, read history
const INTERACTION_WINDOW_MS = 3000;
/** Message flags: only the asker sees it; a deferral's "thinking…" placeholder, until it is edited. */
export const MESSAGE_FLAGS = { Ephemeral: 64, Loading: 128 } as const;

export type InteractionEvent =
  | { kind: 'callback'; type: number; data: Record<string, unknown>; files: StoredFile[]; at: number }
  | { kind: 'edit' | 'followup'; data: Record<string, unknown>; files: StoredFile[]; at: number; message: StoredMessage }
  | { kind: 'delete'; data: Record<string, never>; at: number };

/** One interaction the stand-in sent, and everything the bot answered to it. */
export class InteractionHandle extends EventEmitter {
  readonly events: InteractionEvent[] = [];
  acknowledged = false;
  original?: StoredMessage;
  /** Set by expireToken(), or 15 minutes after creation: follow-ups and edits are refused. */
  tokenExpired = false;

  constructor(
    readonly id: string,
    readonly token: string,
    readonly payload: Record<string, unknown>,
    /** When Discord created the interaction (its id's timestamp), not when the bot received it. */
    readonly createdAt = Date.now(),
  ) {
    super();
  }

  /** Ends the interaction token's life, as 15 minutes would. */
  expireToken(): void {
    this.tokenExpired = true;
  }

  get tokenAlive(): boolean {
    return !this.tokenExpired && Date.now() - this.createdAt < INTERACTION_TOKEN_LIFETIME_MS;
  }

  record(event: InteractionEvent): void {
    this.events.push(event);
    this.emit('event', event);
  }

  /** Resolves with the `index`-th answer (0 = the first), waiting for it if needed. */
  async nth(index: number, timeoutMs = 10_000): Promise<InteractionEvent> {
    const deadline = AbortSignal.timeout(timeoutMs);
    while (this.events.length <= index) {
      await once(this, 'event', { signal: deadline }).catch(() => {
        throw new Error(`interaction ${String((this.payload.data as { name?: string; custom_id?: string })?.name ?? (this.payload.data as { custom_id?: string })?.custom_id)}: no answer #${index + 1} within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.kind))}`);
      });
    }
    return this.events[index]!;
  }

  /** The first answer that is not a deferral: the visible reply, whether sent at once or by editing. */
  async visible(timeoutMs = 10_000): Promise<InteractionEvent> {
    for (let i = 0; ; i++) {
      const event = await this.nth(i, timeoutMs);
      if (event.kind === 'edit' || event.kind === 'followup' || (event.kind === 'callback' && event.type !== 5 && event.type !== 6)) return event;
    }
  }
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  shard: [id: number, count: number];
  socket: WebSocket;
  log: Array<{ s: number; payload: string }>;
}

export interface StandInOptions {
  token?: string;
  /** How long the stand-in lets an interaction wait for its first callback. */
  interactionWindowMs?: number;
  /** Guilds the bot is in (default 1); their ids fall on consecutive shards. */
  guilds?: number;
  /** The shard count GET /gateway/bot recommends (default 1). */
  shards?: number;
}

export interface Rejection {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export class DiscordStandIn extends EventEmitter {
  readonly token: string;
  readonly appId = snowflake();
  readonly bot: UserObject = userObject(snowflake(), 'memtutor', true);
  readonly guild: GuildFixture;
  readonly guilds: GuildFixture[];
  readonly channelId: string;
  readonly secondChannelId: string;
  /** Every message in every channel, by channel id. */
  readonly channels = new Map<string, StoredMessage[]>();
  readonly interactions = new Map<string, InteractionHandle>();
  /** Every 4xx the stand-in answered (limit violations, late or double callbacks, unknown routes). */
  readonly rejections: Rejection[] = [];
  readonly registeredCommands = new Map<string, unknown[]>();
  identifies = 0;
  /** The `shard` of every IDENTIFY, in order. */
  readonly identifiedShards: Array<[number, number]> = [];
  resumes = 0;
  dropped = 0;
  private readonly dmChannels = new Map<string, string>();
  private readonly files = new Map<string, string>();
  private readonly http = http.createServer((req, res) => void this.handle(req, res));
  private readonly wss = new WebSocketServer({ noServer: true });
  /** The latest gateway connection (the one dropConnection cuts). */
  private socket?: WebSocket;
  private readonly sessions = new Map<string, Session>();
  private readonly interactionWindowMs: number;
  /** The bot's permissions per channel, where they differ from BOT_PERMISSIONS. */
  private readonly channelPermissions = new Map<string, bigint>();
  /** POST /channels/{id}/messages: 5 per 5 s per channel. */
  readonly messageBuckets = new RouteBuckets();
  /** Every 429 answered. */
  readonly rateLimited: Array<{ route: string; at: number }> = [];
  private readonly recommendedShards: number;
  port = 0;

  constructor(options: StandInOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.token = options.token ?? 'stand-in-token';
    this.interactionWindowMs = options.interactionWindowMs ?? INTERACTION_WINDOW_MS;
    this.recommendedShards = options.shards ?? 1;
    // Ids one millisecond apart: `(id >> 22) % count` puts consecutive guilds on consecutive shards.
    const base = BigInt(snowflake());
    this.guilds = Array.from({ length: options.guilds ?? 1 }, (_, i) => guildFixture(String(base + (BigInt(i) << 22n)), i === 0 ? 'Python study group' : `Study group ${i + 1}`));
    this.guild = this.guilds[0]!;
    this.channelId = String(this.guild.channels[0]!.id);
    this.secondChannelId = String(this.guild.channels[1]!.id);
    this.http.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/gateway')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    });
  }

  static async start(options: StandInOptions = {}): Promise<DiscordStandIn> {
    const standIn = new DiscordStandIn(options);
    standIn.http.listen(0, '127.0.0.1');
    await once(standIn.http, 'listening');
    standIn.port = (standIn.http.address() as AddressInfo).port;
    return standIn;
  }

  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get connected(): boolean {
    return this.socket?.readyState === 1;
  }

  /** Resolves when a client has identified (or resumed) and is receiving events. */
  async whenConnected(): Promise<void> {
    if (this.connected && this.sessionOf(this.socket)) return;
    await once(this, 'session');
  }

  /** The session of the latest gateway connection (its intents, its shard). */
  get session(): Readonly<Pick<Session, 'id' | 'intents' | 'shard'>> | undefined {
    return this.sessionOf(this.socket);
  }

  /** Resolves once `count` gateway sessions are connected (e.g. one per shard). */
  async whenSessions(count: number, timeoutMs = 30_000): Promise<void> {
    const signal = AbortSignal.timeout(timeoutMs);
    while ([...this.sessions.values()].filter((s) => s.socket.readyState === 1).length < count) await once(this, 'session', { signal });
  }

  /** The shard that receives a guild's events (DMs: shard 0), for a given shard count. */
  static shardOf(guildId: string | undefined, count: number): number {
    return guildId === undefined ? 0 : Number((BigInt(guildId) >> 22n) % BigInt(count));
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise((resolve) => this.http.close(resolve));
  }

  /** Cuts the gateway connection as Discord does on a server restart (4000 = unknown error, resumable). */
  async dropConnection(code = 4000): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    this.dropped++;
    const closed = once(socket, 'close');
    socket.close(code, 'stand-in dropped the connection');
    await closed;
  }

  /** Forgets the session, then drops the connection: the client's RESUME fails and it must IDENTIFY again. */
  async expireSession(): Promise<void> {
    const session = this.sessionOf(this.socket);
    if (session) this.sessions.delete(session.id);
    await this.dropConnection();
  }

  // ---- events the tests cause ------------------------------------------------------------

  /** Sends an INTERACTION_CREATE as a user in the guild (or in a DM) and returns its handle. */
  interact(type: number, data: Record<string, unknown>, as: Actor = {}): InteractionHandle {
    const createdAt = Date.now() - (as.ageMs ?? 0);
    const id = snowflake(createdAt);
    const token = `itoken-${id}`;
    const user = userObject(as.userId ?? '100000000000000001', as.username ?? 'ada');
    const guild = this.guildOf(as);
    const channelId = as.channelId ?? String(guild.channels[0]!.id);
    const place = as.dm
      ? { channel_id: this.dmChannelFor(user), channel: dmChannelObject(this.dmChannelFor(user), user), user, context: 1 }
      : {
          guild_id: guild.id,
          channel_id: channelId,
          channel: textChannelObject(channelId, guild.id, 'study'),
          member: { user, roles: [], permissions: String(as.admin ? MEMBER_PERMISSIONS | MANAGE_GUILD : MEMBER_PERMISSIONS), joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
          guild: { id: guild.id, locale: 'en-US', features: [] },
          guild_locale: 'en-US',
          context: 0,
        };
    const payload = {
      id,
      application_id: this.appId,
      token,
      version: 1,
      type,
      data,
      ...place,
      app_permissions: String(this.permissionsIn(channelId)),
      locale: 'en-US',
      authorizing_integration_owners: { 0: guild.id },
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      ...(as.message ? { message: as.message } : {}),
    };
    const handle = new InteractionHandle(id, token, payload, createdAt);
    this.interactions.set(token, handle);
    this.dispatch('INTERACTION_CREATE', payload, as.dm ? undefined : guild.id);
    return handle;
  }

  /** Sends a MESSAGE_CREATE as a user; intents decide whether the bot gets it, and with content. */
  postUserMessage(content: string, as: Actor & { mentionsBot?: boolean } = {}): StoredMessage {
    const author = userObject(as.userId ?? '100000000000000001', as.username ?? 'ada');
    const guild = this.guildOf(as);
    const channelId = as.dm ? this.dmChannelFor(author) : (as.channelId ?? String(guild.channels[0]!.id));
    const message: StoredMessage = {
      id: snowflake(),
      channel_id: channelId,
      ...(as.dm ? {} : { guild_id: guild.id }),
      author,
      content,
      embeds: [],
      components: [],
      attachments: [],
      flags: 0,
      files: [],
      edits: 0,
    };
    this.store(message);
    const needed = as.dm ? INTENTS.DirectMessages : INTENTS.GuildMessages;
    const mentions = as.mentionsBot ? [this.bot] : [];
    // Discord names the channel type on MESSAGE_CREATE; discord.js needs it to build an uncached DM channel.
    const payloadFor = (intents: number) => {
      // Without the privileged intent, Discord blanks content except in DMs and messages that mention the bot.
      const seesContent = Boolean(intents & INTENTS.MessageContent) || as.dm || as.mentionsBot;
      const payload = messageObject(seesContent ? message : { ...message, content: '' }, { mentions, channel_type: as.dm ? 1 : 0 });
      return as.dm ? payload : { ...payload, member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } };
    };
    for (const session of this.sessionsFor(as.dm ? undefined : guild.id)) {
      if (session.intents & needed) this.send(session, 'MESSAGE_CREATE', payloadFor(session.intents));
    }
    return message;
  }

  /** Takes permission bits from the bot in one channel (a channel overwrite), and tells the client. */
  denyInChannel(channelId: string, bits: bigint): void {
    this.channelPermissions.set(channelId, this.permissionsIn(channelId) & ~bits);
    const channel = this.guild.channels.find((c) => c.id === channelId);
    if (!channel) return;
    channel.permission_overwrites = [{ id: this.bot.id, type: 1, allow: '0', deny: String(BOT_PERMISSIONS & ~this.permissionsIn(channelId)) }];
    if (this.session) this.dispatch('CHANNEL_UPDATE', channel);
  }

  /** A thread's permissions are its parent channel's. */
  permissionsIn(channelId: string): bigint {
    return this.channelPermissions.get(this.parentOf(channelId) ?? channelId) ?? BOT_PERMISSIONS;
  }

  /** Opens a public thread in a text channel (THREAD_CREATE to the client); returns its id. */
  addThread(parentId: string, name: string): string {
    const id = snowflake();
    const thread = threadChannelObject(id, this.guild.id, parentId, name, '100000000000000001');
    this.guild.threads.push(thread);
    if (this.session) this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return id;
  }

  private parentOf(channelId: string): string | undefined {
    const thread = this.guild.threads.find((t) => t.id === channelId);
    return thread ? String(thread.parent_id) : undefined;
  }

  /** A file served on the stand-in's CDN route, for attachment options. */
  hostFile(name: string, text: string): { id: string; filename: string; size: number; url: string; proxy_url: string; content_type: string } {
    const id = snowflake();
    this.files.set(id, text);
    const url = `http://127.0.0.1:${this.port}/cdn/${id}/${encodeURIComponent(name)}`;
    return { id, filename: name, size: Buffer.byteLength(text), url, proxy_url: url, content_type: 'text/x-python; charset=utf-8' };
  }

  /** The id of a user's DM channel with the bot (the one opening a DM returns). */
  dmChannelOf(userId: string): string {
    return this.dmChannelFor(userObject(userId, 'ada'));
  }

  messagesIn(channelId: string): StoredMessage[] {
    return this.channels.get(channelId) ?? [];
  }

  /** Resolves with the next message the bot creates or edits in a channel. */
  async nextChannelWrite(channelId: string, timeoutMs = 10_000): Promise<StoredMessage> {
    const signal = AbortSignal.timeout(timeoutMs);
    for (;;) {
      const [message] = (await once(this, 'channel-write', { signal })) as [StoredMessage];
      if (message.channel_id === channelId) return message;
    }
  }

  // ---- gateway -----------------------------------------------------------------------------

  private dmChannelFor(user: UserObject): string {
    let id = this.dmChannels.get(user.id);
    if (!id) {
      id = snowflake();
      this.dmChannels.set(user.id, id);
    }
    return id;
  }

  private guildOf(as: Actor): GuildFixture {
    return this.guilds.find((g) => g.id === as.guildId) ?? this.guild;
  }

  private sessionOf(socket: WebSocket | undefined): Session | undefined {
    return [...this.sessions.values()].find((s) => s.socket === socket);
  }

  /** The sessions that receive a guild's events (a DM's, with no guild: shard 0's). */
  private sessionsFor(guildId: string | undefined): Session[] {
    return [...this.sessions.values()].filter(({ shard: [id, count] }) => DiscordStandIn.shardOf(guildId, count) === id);
  }

  private onConnection(ws: WebSocket): void {
    this.socket = ws;
    const send = (payload: unknown) => ws.send(JSON.stringify(payload));
    send({ op: 10, d: { heartbeat_interval: 41250 } });
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (message.op === 1) send({ op: 11 });
      else if (message.op === 2) this.identify(ws, message.d);
      else if (message.op === 6) this.resume(ws, message.d);
    });
  }

  private identify(ws: WebSocket, d: Record<string, unknown>): void {
    if (d.token !== this.token) return void ws.close(4004, 'Authentication failed.');
    const shard = d.shard ?? [0, 1];
    if (!validShard(shard)) return void ws.close(4010, 'Invalid shard.');
    this.identifies++;
    this.identifiedShards.push(shard);
    // A connection that identifies again starts a new session; its old one is gone.
    const previous = this.sessionOf(ws);
    if (previous) this.sessions.delete(previous.id);
    const session: Session = { id: snowflake(), seq: 0, intents: Number(d.intents), shard, socket: ws, log: [] };
    this.sessions.set(session.id, session);
    const guilds = this.guilds.filter((g) => DiscordStandIn.shardOf(g.id, shard[1]) === shard[0]);
    this.send(session, 'READY', {
      v: 10,
      session_id: session.id,
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
      user: this.bot,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      application: { id: this.appId, flags: 0 },
      private_channels: [],
      shard,
    });
    if (session.intents & INTENTS.Guilds) for (const guild of guilds) this.send(session, 'GUILD_CREATE', guildCreateObject(guild, this.bot));
    this.emit('session');
  }

  private resume(ws: WebSocket, d: Record<string, unknown>): void {
    const session = this.sessions.get(String(d.session_id));
    if (d.token !== this.token) return void ws.close(4004, 'Authentication failed.');
    if (!session) return void ws.send(JSON.stringify({ op: 9, d: false }));
    this.resumes++;
    session.socket = ws;
    for (const entry of session.log) if (entry.s > Number(d.seq)) ws.send(entry.payload);
    this.send(session, 'RESUMED', {});
    this.emit('session');
  }

  /** Sends a dispatch to every session of the guild's shard (DMs: shard 0). */
  private dispatch(t: string, d: unknown, guildId?: string): void {
    for (const session of this.sessionsFor(guildId)) this.send(session, t, d);
  }

  /** Sends now, or keeps it for replay if the client is away (as Discord does). */
  private send(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    const payload = JSON.stringify({ op: 0, t, s, d });
    session.log.push({ s, payload });
    if (session.socket.readyState === 1) session.socket.send(payload);
  }

  // ---- REST --------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname.replace(/^\/api\/v10/, '');
    const reply = (status: number, body?: unknown) => {
      if (status >= 400) this.rejections.push({ method: req.method ?? '', path, status, body });
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    try {
      const { json, files } = await readBody(req);
      const route = `${req.method} ${path}`;
      let match: RegExpExecArray | null;
      if (route === 'GET /gateway/bot') return this.gatewayBot(req, reply);
      if (req.method === 'GET' && (match = /^\/cdn\/(\d+)\//.exec(url.pathname))) return this.cdn(match[1]!, res, reply);
      if ((match = /^POST \/interactions\/(\d+)\/([^/]+)\/callback$/.exec(route))) return this.callback(match[2]!, json, files, reply);
      if ((match = /^PATCH \/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(decodeURIComponent(route)))) return this.editOriginal(match[2]!, json, files, reply);
      if ((match = /^DELETE \/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(decodeURIComponent(route)))) return this.deleteOriginal(match[2]!, reply);
      if ((match = /^POST \/webhooks\/(\d+)\/([^/]+)$/.exec(route))) return this.followUp(match[2]!, json, files, reply);
      if (!this.authorised(req)) return reply(401, { code: 0, message: '401: Unauthorized' });
      if ((match = /^GET \/channels\/(\d+)$/.exec(route))) return this.getChannel(match[1]!, reply);
      if (route === 'POST /users/@me/channels') return this.openDm(String(json.recipient_id ?? ''), reply);
      if ((match = /^POST \/channels\/(\d+)\/messages$/.exec(route))) return this.createMessage(match[1]!, json, files, reply, res);
      if ((match = /^POST \/channels\/(\d+)\/typing$/.exec(route))) return reply(this.knownChannel(match[1]!) ? 204 : 404);
      if ((match = /^PATCH \/channels\/(\d+)\/messages\/(\d+)$/.exec(route))) return this.editMessage(match[1]!, match[2]!, json, files, reply);
      if ((match = /^PUT \/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(route))) return this.putCommands(match[2] ?? 'global', json, reply);
      return reply(404, { code: 0, message: `404: Not Found (${route})` });
    } catch (error) {
      if (error instanceof RefusedBody) return reply(400, error.body);
      reply(500, { code: 0, message: String(error) });
    }
  }

  private authorised(req: http.IncomingMessage): boolean {
    return req.headers.authorization === `Bot ${this.token}`;
  }

  private gatewayBot(req: http.IncomingMessage, reply: Reply): void {
    if (!this.authorised(req)) return reply(401, { code: 0, message: '401: Unauthorized' });
    reply(200, {
      url: `ws://127.0.0.1:${this.port}/gateway`,
      shards: this.recommendedShards,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    });
  }

  private cdn(id: string, res: http.ServerResponse, reply: Reply): void {
    const text = this.files.get(id);
    if (text === undefined) return reply(404, { code: 0, message: 'no such file' });
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(text);
  }

  private callback(token: string, json: Record<string, unknown>, files: StoredFile[], reply: Reply): void {
    const handle = this.interactions.get(token);
    if (!handle || Date.now() - handle.createdAt > this.interactionWindowMs) return reply(404, { code: 10062, message: 'Unknown interaction' });
    if (handle.acknowledged) return reply(400, { code: 40060, message: 'Interaction has already been acknowledged.' });
    const type = Number(json.type);
    const data = (json.data ?? {}) as Record<string, unknown>;
    const schema = callbackSchema(type);
    if (schema) {
      const checked = schema.safeParse(data);
      if (!checked.success) return reply(400, invalidFormBody(checked.error));
    }
    // A reply, or a deferral's "thinking…" placeholder, becomes the interaction's original message; a
    // component's update (or deferred update) makes the message the component is on the original.
    if (type === 4) handle.original = this.storeFromBody(this.interactionChannel(handle), data, files);
    if (type === 5) handle.original = this.storeFromBody(this.interactionChannel(handle), { ...data, flags: Number(data.flags ?? 0) | MESSAGE_FLAGS.Loading }, files);
    if (type === 6 || type === 7) handle.original = this.componentMessage(handle);
    if (type === 7 && handle.original) this.applyEdit(handle.original, data, files);
    handle.acknowledged = true;
    handle.record({ kind: 'callback', type, data, files, at: Date.now() });
    reply(204);
  }

  /** The interaction a webhook call (edit, follow-up) names, if its token works and its body is valid; else answered. */
  private webhookCall(token: string, json: Record<string, unknown>, reply: Reply): InteractionHandle | undefined {
    const handle = this.interactions.get(token);
    if (!handle?.acknowledged) return void reply(404, { code: 10015, message: 'Unknown Webhook' });
    if (!handle.tokenAlive) return void reply(401, { code: 50027, message: 'Invalid Webhook Token' });
    const checked = messageBody.safeParse(json);
    if (!checked.success) return void reply(400, invalidFormBody(checked.error));
    return handle;
  }

  private editOriginal(token: string, json: Record<string, unknown>, files: StoredFile[], reply: Reply): void {
    const handle = this.webhookCall(token, json, reply);
    if (!handle) return;
    const message = handle.original ? this.applyEdit(handle.original, json, files) : this.storeFromBody(this.interactionChannel(handle), json, files);
    handle.original = message;
    handle.record({ kind: 'edit', data: json, files, at: Date.now(), message });
    reply(200, messageObject(message, { application_id: this.appId, webhook_id: this.appId }));
  }

  private deleteOriginal(token: string, reply: Reply): void {
    const handle = this.interactions.get(token);
    if (!handle?.original) return reply(404, { code: 10008, message: 'Unknown Message' });
    const list = this.messagesIn(handle.original.channel_id);
    list.splice(list.indexOf(handle.original), 1);
    handle.record({ kind: 'delete', data: {}, at: Date.now() });
    handle.original = undefined;
    reply(204);
  }

  private followUp(token: string, json: Record<string, unknown>, files: StoredFile[], reply: Reply): void {
    const handle = this.webhookCall(token, json, reply);
    if (!handle) return;
    const message = this.storeFromBody(this.interactionChannel(handle), json, files);
    handle.record({ kind: 'followup', data: json, files, at: Date.now(), message });
    reply(200, messageObject(message, { application_id: this.appId, webhook_id: this.appId }));
  }

  /** Opening a DM with a user (what discord.js's user.send() does first). */
  private openDm(userId: string, reply: Reply): void {
    if (!/^\d+$/.test(userId)) return reply(400, { code: 50035, message: 'Invalid Form Body' });
    const user = userObject(userId, 'ada');
    reply(200, dmChannelObject(this.dmChannelFor(user), user));
  }

  private getChannel(id: string, reply: Reply): void {
    const channel = this.guilds.flatMap((g) => [...g.channels, ...g.threads]).find((c) => c.id === id);
    if (channel) return reply(200, channel);
    const dm = [...this.dmChannels.entries()].find(([, channelId]) => channelId === id);
    if (dm) return reply(200, dmChannelObject(id, userObject(dm[0], 'ada')));
    reply(404, { code: 10003, message: 'Unknown Channel' });
  }

  private createMessage(channelId: string, json: Record<string, unknown>, files: StoredFile[], reply: Reply, res: http.ServerResponse): void {
    if (!this.knownChannel(channelId)) return reply(404, { code: 10003, message: 'Unknown Channel' });
    const bucket = this.messageBuckets.take(channelId);
    for (const [name, value] of Object.entries(bucket.headers)) res.setHeader(name, value);
    if (bucket.limited) {
      this.rateLimited.push({ route: `POST /channels/${channelId}/messages`, at: Date.now() });
      return reply(429, { message: 'You are being rate limited.', retry_after: bucket.retryAfterS, global: false });
    }
    const refused = this.refusal(channelId, files);
    if (refused) return reply(refused.status, refused.body);
    const checked = messageBody.safeParse(json);
    if (!checked.success) return reply(400, invalidFormBody(checked.error));
    const message = this.storeFromBody(channelId, json, files);
    reply(200, messageObject(message));
  }

  /** Missing permissions in a guild channel (DMs have none to miss), or files over the upload limit. */
  private refusal(channelId: string, files: StoredFile[]): DiscordError | undefined {
    const inThread = this.parentOf(channelId) !== undefined;
    const inGuild = inThread || this.guild.channels.some((c) => c.id === channelId);
    const permissions = inGuild ? postRefusal(this.permissionsIn(channelId), files.length > 0, inThread) : undefined;
    return permissions ?? uploadRefusal(files.reduce((total, f) => total + Buffer.byteLength(f.text), 0));
  }

  private editMessage(channelId: string, messageId: string, json: Record<string, unknown>, files: StoredFile[], reply: Reply): void {
    const message = this.messagesIn(channelId).find((m) => m.id === messageId);
    if (!message) return reply(404, { code: 10008, message: 'Unknown Message' });
    if (message.author.id !== this.bot.id) return reply(403, { code: 50005, message: 'Cannot edit a message authored by another user' });
    const checked = messageBody.safeParse(json);
    if (!checked.success) return reply(400, invalidFormBody(checked.error));
    reply(200, messageObject(this.applyEdit(message, json, files)));
  }

  private putCommands(scope: string, json: unknown, reply: Reply): void {
    const checked = commandList.safeParse(json);
    if (!checked.success) return reply(400, invalidFormBody(checked.error));
    const names = checked.data.map((c) => `${c.type ?? 1}:${c.name}`);
    if (new Set(names).size !== names.length) return reply(400, { code: 50035, message: 'Invalid Form Body', errors: { _errors: [{ code: 'APPLICATION_COMMANDS_DUPLICATE_NAME' }] } });
    const stored = checked.data.map((c) => ({ ...c, id: snowflake(), application_id: this.appId, version: snowflake() }));
    this.registeredCommands.set(scope, stored);
    reply(200, stored);
  }

  // ---- message store -----------------------------------------------------------------------

  private knownChannel(id: string): boolean {
    return this.guilds.some((g) => g.channels.some((c) => c.id === id)) || this.parentOf(id) !== undefined || [...this.dmChannels.values()].includes(id);
  }

  private interactionChannel(handle: InteractionHandle): string {
    return String(handle.payload.channel_id);
  }

  private storeFromBody(channelId: string, body: Record<string, unknown>, files: StoredFile[]): StoredMessage {
    const attachments = this.attachmentsAfter(undefined, body, files);
    const message: StoredMessage = {
      id: snowflake(),
      channel_id: channelId,
      author: this.bot,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      flags: 0,
      files: [],
      edits: 0,
    };
    this.fill(message, body, attachments);
    this.store(message);
    this.emit('channel-write', message);
    return message;
  }

  private applyEdit(message: StoredMessage, body: Record<string, unknown>, files: StoredFile[]): StoredMessage {
    const attachments = this.attachmentsAfter(message, body, files);
    message.edits++;
    // An edit turns a deferral's "thinking…" placeholder into the answer.
    message.flags &= ~MESSAGE_FLAGS.Loading;
    this.fill(message, body, attachments);
    this.emit('channel-write', message);
    return message;
  }

  /**
   * The attachments a message has after a create or an edit, as Discord decides: the request's new
   * files, plus the existing attachments it lists by id in `attachments`; an edit without that field
   * keeps every existing one. Refused (400) when an embed's `attachment://name` names none of them.
   */
  private attachmentsAfter(current: StoredMessage | undefined, body: Record<string, unknown>, files: StoredFile[]): Attached[] {
    const existing = (current?.attachments ?? []).map((attachment, i) => ({ attachment, file: current!.files[i]! }));
    const listed = Array.isArray(body.attachments) ? new Set((body.attachments as Array<{ id: unknown }>).map((a) => String(a.id))) : undefined;
    const kept = listed ? existing.filter(({ attachment }) => listed.has(attachment.id)) : existing;
    const added = files.map((file) => {
      const hosted = this.hostFile(file.name, file.text);
      return { attachment: { id: hosted.id, filename: file.name, size: file.bytes.length, url: hosted.url, proxy_url: hosted.url }, file };
    });
    const attached = [...kept, ...added];
    const names = new Set(attached.map(({ attachment }) => attachment.filename));
    const embeds = (Array.isArray(body.embeds) ? body.embeds : (current?.embeds ?? [])) as Array<{ image?: { url?: string }; thumbnail?: { url?: string } }>;
    const missing = embeds.flatMap((e) => [e.image?.url, e.thumbnail?.url]).find((url) => url?.startsWith('attachment://') && !names.has(url.slice('attachment://'.length)));
    if (missing) throw new RefusedBody({ code: 50035, message: 'Invalid Form Body', errors: { embeds: { _errors: [{ code: 'ATTACHMENT_NOT_FOUND', message: `${missing} names no attachment of the message` }] } } });
    return attached;
  }

  private fill(message: StoredMessage, body: Record<string, unknown>, attached: Attached[]): void {
    if (typeof body.content === 'string') message.content = body.content;
    if (Array.isArray(body.embeds)) message.embeds = body.embeds;
    if (Array.isArray(body.components)) message.components = body.components;
    if (typeof body.flags === 'number') message.flags = body.flags;
    if (body.allowed_mentions !== undefined) message.allowed_mentions = body.allowed_mentions;
    if (body.message_reference !== undefined) message.message_reference = body.message_reference;
    message.attachments = attached.map(({ attachment }) => attachment);
    message.files = attached.map(({ file }) => file);
  }

  private componentMessage(handle: InteractionHandle): StoredMessage | undefined {
    const target = (handle.payload.message as { id?: string } | undefined)?.id;
    return target ? this.messagesIn(this.interactionChannel(handle)).find((m) => m.id === target) : undefined;
  }

  private store(message: StoredMessage): void {
    const list = this.channels.get(message.channel_id) ?? [];
    list.push(message);
    this.channels.set(message.channel_id, list);
  }
}

export interface Actor {
  userId?: string;
  /** Which of the stand-in's guilds (default: the first). */
  guildId?: string;
  username?: string;
  dm?: boolean;
  admin?: boolean;
  channelId?: string;
  /** The message a component belongs to (component interactions). */
  message?: Record<string, unknown>;
  /** How long ago Discord created the interaction (gateway delay): its 3-second window started then. */
  ageMs?: number;
}

type Reply = (status: number, body?: unknown) => void;

function guildFixture(id: string, name: string): GuildFixture {
  const botRoleId = snowflake();
  return {
    id,
    name,
    roles: [roleObject(id, '@everyone', MEMBER_PERMISSIONS), roleObject(botRoleId, 'memtutor', BOT_PERMISSIONS)],
    botRoles: [botRoleId],
    threads: [],
    channels: [textChannelObject(snowflake(), id, 'study'), textChannelObject(snowflake(), id, 'weekly-quiz')],
  };
}

function validShard(shard: unknown): shard is [number, number] {
  return Array.isArray(shard) && shard.length === 2 && shard.every(Number.isInteger) && shard[0] >= 0 && shard[0] < shard[1];
}

/** One attachment of a message with its content. */
interface Attached {
  attachment: StoredMessage['attachments'][number];
  file: StoredFile;
}

/** A body Discord refuses (thrown by the message store, answered 400 by the request handler). */
class RefusedBody extends Error {
  constructor(readonly body: unknown) {
    super('refused body');
  }
}

function callbackSchema(type: number): z.ZodType | undefined {
  if (type === 4 || type === 7) return messageBody;
  if (type === 8) return autocompleteBody;
  if (type === 9) return modalBody;
  return undefined;
}

/** JSON bodies, and discord.js's multipart bodies (`payload_json` + `files[n]`). */
async function readBody(req: http.IncomingMessage): Promise<{ json: Record<string, unknown>; files: StoredFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (!raw.length) return { json: {}, files: [] };
  if (!type.startsWith('multipart/form-data')) return { json: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  const files: StoredFile[] = [];
  for (const [key, value] of form.entries()) {
    if (key.startsWith('files[') && typeof value !== 'string') {
      const bytes = Buffer.from(await value.arrayBuffer());
      files.push({ name: value.name, text: bytes.toString('utf8'), bytes });
    }
  }
  const payload = form.get('payload_json');
  return { json: typeof payload === 'string' ? (JSON.parse(payload) as Record<string, unknown>) : {}, files };
}
