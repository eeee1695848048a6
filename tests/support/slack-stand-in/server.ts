// A local Slack for tests: the Web API (`POST /api/<method>`, form-encoded, Bearer token),
// response URLs, file uploads and a Socket Mode WebSocket, on 127.0.0.1. It records every message
// that lands and refuses what real Slack refuses (see limits.ts), so rendering bugs fail tests.
// Also Slack's rules about what a message refers to: an image block's `slack_file` must be a file
// whose upload was completed and that was not deleted; chat.update reaches only messages the bot
// posted in the conversation (not ephemeral ones); a slash command's ack with text is a message of
// its own (its response_url can replace or delete it), so a "working" note left behind shows.
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkMessage, checkView, type LimitError } from './limits.js';
import { ChannelRateLimit, Conversations, RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_USES, TRIGGER_LIFETIME_MS } from './rules.js';

export const BOT_TOKEN = 'xoxb-stand-in-bot-token';
export const APP_TOKEN = 'xapp-stand-in-app-token';
export const SIGNING_SECRET = 'stand-in-signing-secret';

export interface StandInUser {
  id: string;
  name: string;
  isAdmin?: boolean;
  isOwner?: boolean;
}

/** A message as it landed in Slack, whichever way it was sent. */
export interface Posted {
  /** `ack`: the text a slash command was acknowledged with (Slack shows it as a message). */
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'chat.update' | 'response_url' | 'ack';
  channel: string;
  ts: string;
  text: string;
  blocks: Array<Record<string, unknown>>;
  threadTs?: string;
  /** chat.postEphemeral's user, or `ephemeral` responses. */
  ephemeral: boolean;
  /** chat.update, or a response with replace_original. */
  replaces?: string;
  responseUrl?: string;
  /** performance.now() when it landed (latency measurements). */
  receivedAt: number;
}

export interface UploadedFile {
  id: string;
  filename: string;
  content: string;
  /** The uploaded bytes as sent (images are not text). */
  bytes: Buffer;
  channel?: string;
  threadTs?: string;
  /** files.completeUploadExternal was called for it: only then can a message show it. */
  completed?: boolean;
  /** Removed with files.delete. */
  deleted?: boolean;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  error?: string;
}

export interface Refusal extends LimitError {
  method: string;
}

interface ResponseUrlState {
  channel: string;
  /** The message the button was on, replaced by `replace_original`. */
  messageTs?: string;
  uses: number;
  /** performance.now() when it was issued (it lives 30 minutes). */
  issuedAt: number;
}

/** A 429 the stand-in answered, as Slack does past a method's rate limit. */
export interface RateLimited {
  method: string;
  channel: string;
  retryAfter: number;
  at: number;
}

export class SlackStandIn {
  readonly teamId = 'T0STANDIN';
  readonly appId = 'A0STANDIN';
  readonly botUserId = 'U0MEMBOT';
  readonly botId = 'B0MEMBOT';
  readonly calls: ApiCall[] = [];
  readonly posts: Posted[] = [];
  readonly views: Array<{ method: string; view: Record<string, unknown>; userId?: string }> = [];
  readonly files: UploadedFile[] = [];
  /** Everything refused for breaking a limit: tests assert this stays empty. */
  readonly refusals: Refusal[] = [];
  readonly users = new Map<string, StandInUser>();
  /** Milliseconds each Web API answer is held back (to simulate a slow Slack). */
  apiDelayMs = 0;
  /** Channel kinds and the bot's memberships: uploads and private posts need membership. */
  readonly conversations = new Conversations();
  /** Every 429 answered (more than one chat.postMessage a second in a channel). */
  readonly rateLimited: RateLimited[] = [];
  /** Messages removed with chat.delete, as `channel/ts`. */
  readonly deleted = new Set<string>();
  private readonly postRate = new ChannelRateLimit();
  private readonly triggers = new Map<string, number>();

  private readonly changes = new EventEmitter();
  private readonly server: Server;
  private readonly sockets: WebSocketServer;
  private readonly responseUrls = new Map<string, ResponseUrlState>();
  private readonly envelopes = new Map<string, (ack: Record<string, unknown>) => void>();
  private socket: WebSocket | undefined;
  private connectionCount = 0;
  private counter = 0;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor() {
    this.changes.setMaxListeners(0);
    this.server = createServer((req, res) => void this.route(req, res));
    this.sockets = new WebSocketServer({ server: this.server, path: '/link' });
    this.sockets.on('connection', (socket) => this.onSocket(socket));
    this.addUser({ id: 'U0ADA', name: 'ada' });
    this.addUser({ id: 'U0ADMIN', name: 'grace', isAdmin: true });
  }

  addUser(user: StandInUser): void {
    this.users.set(user.id, user);
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.pingTimer);
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The Web API base URL to give the app (`SLACK_API_URL`). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A fresh response URL for a slash command or an interaction in `channel`. */
  responseUrl(channel: string, messageTs?: string): string {
    const id = this.nextId('R');
    this.responseUrls.set(id, { channel, messageTs, uses: 0, issuedAt: performance.now() });
    return `${this.baseUrl}/respond/${id}`;
  }

  /**
   * What the app acknowledged a slash command with (the HTTP response or the Socket Mode ack's
   * payload): with text it becomes a message, ephemeral unless `in_channel`, and the original that
   * the command's response_url can replace or delete.
   */
  acknowledged(responseUrl: string, ack: unknown): void {
    const state = this.responseUrls.get(responseUrl.split('/').at(-1) ?? '');
    if (!state || typeof ack !== 'object' || ack === null || !('text' in ack)) return;
    const message = ack as { text?: unknown; blocks?: Posted['blocks']; response_type?: unknown };
    state.messageTs = this.nextTs();
    this.record({ via: 'ack', channel: state.channel, ts: state.messageTs, text: String(message.text ?? ''), blocks: message.blocks ?? [], ephemeral: message.response_type !== 'in_channel' });
  }

  /** The messages as people see them now: the latest version of each, without deleted ones. */
  visibleMessages(): Posted[] {
    const latest = new Map<string, Posted>();
    for (const post of this.posts) latest.set(`${post.channel}/${post.ts}`, post);
    return [...latest.entries()].filter(([key]) => !this.deleted.has(key)).map(([, post]) => post);
  }

  /** Ages every response_url issued so far past its 30 minutes (as if a modal stayed open that long). */
  expireResponseUrls(): void {
    for (const state of this.responseUrls.values()) state.issuedAt -= RESPONSE_URL_LIFETIME_MS;
  }

  /** A fresh trigger_id (views.open accepts it for 3 seconds). */
  triggerId(): string {
    const id = this.nextId('TRIG');
    this.triggers.set(id, performance.now());
    return id;
  }

  /** Ages every trigger_id issued so far past its 3 seconds. */
  expireTriggers(): void {
    for (const [id, issuedAt] of this.triggers) this.triggers.set(id, issuedAt - TRIGGER_LIFETIME_MS);
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(6, '0')}`;
  }

  nextTs(): string {
    this.counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.counter).padStart(6, '0')}`;
  }

  /** Resolves with the first value `pick` returns (re-checked whenever something lands). */
  waitFor<T>(pick: () => T | undefined | false, timeoutMs = 10_000, what = 'a message'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = pick();
        if (value === undefined || value === false) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`stand-in: timed out waiting for ${what}; posts so far: ${JSON.stringify(this.posts.map((p) => p.text))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changes.off('change', check);
      };
      this.changes.on('change', check);
      check();
    });
  }

  /** Waits for the n-th message (1-based) posted after `since` posts matching `filter`. */
  waitForPosts(count: number, filter: (p: Posted) => boolean = () => true, since = 0, timeoutMs?: number): Promise<Posted[]> {
    return this.waitFor(() => {
      const matching = this.posts.slice(since).filter(filter);
      return matching.length >= count ? matching : undefined;
    }, timeoutMs, `${count} matching message(s)`);
  }

  // ---- Socket Mode ----

  get socketConnected(): boolean {
    return this.socket !== undefined;
  }

  /** Sends an envelope over the Socket Mode link; resolves with the app's ack and its delay. */
  async sendEnvelope(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown, extra: Record<string, unknown> = {}): Promise<{ ack: Record<string, unknown>; ms: number }> {
    const socket = this.socket ?? (await this.waitFor(() => this.socket, 10_000, 'the Socket Mode connection'));
    const envelopeId = this.nextId('E');
    const started = performance.now();
    const acked = new Promise<Record<string, unknown>>((resolve) => this.envelopes.set(envelopeId, resolve));
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', ...extra }));
    const ack = await acked;
    return { ack, ms: performance.now() - started };
  }

  /** Asks the app to reconnect, as Slack does every few hours (`refresh_requested`). */
  requestReconnect(): void {
    this.socket?.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'stand-in' } }));
  }

  /** How many Socket Mode connections the app has opened so far. */
  get socketConnections(): number {
    return this.connectionCount;
  }

  /** Resolves when the app's WebSocket is closed (app.stop() resolves before that). */
  async socketClosed(): Promise<void> {
    const socket = this.socket;
    if (socket && socket.readyState !== socket.CLOSED) await once(socket, 'close');
  }

  private onSocket(socket: WebSocket): void {
    this.socket = socket;
    this.connectionCount += 1;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string };
      const resolve = message.envelope_id ? this.envelopes.get(message.envelope_id) : undefined;
      if (message.envelope_id && resolve) {
        this.envelopes.delete(message.envelope_id);
        resolve(message as Record<string, unknown>);
      }
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
    });
    // Slack pings; the client reconnects when it hears nothing for 30 s.
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => socket.ping(), 10_000).unref();
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: this.appId }, debug_info: { host: 'stand-in' } }));
    this.changes.emit('change');
  }

  // ---- HTTP ----

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = raw.toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl);
    const [, area, name] = url.pathname.split('/');
    if (this.apiDelayMs) await new Promise((resolve) => setTimeout(resolve, this.apiDelayMs));
    if (area === 'api' && name) return this.api(name, req, body, res);
    if (area === 'respond' && name) return this.respond(name, body, res);
    if (area === 'upload' && name) return this.upload(name, await uploadedBytes(req, raw), res);
    send(res, 404, { ok: false, error: 'not_found' });
  }

  private api(method: string, req: IncomingMessage, body: string, res: ServerResponse): void {
    const args = parseApiArgs(req, body);
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? String(args.token ?? '');
    const expected = method === 'apps.connections.open' ? APP_TOKEN : BOT_TOKEN;
    const retryAfter = token === expected ? this.rateLimit(method, args) : 0;
    if (retryAfter) {
      this.rateLimited.push({ method, channel: String(args.channel), retryAfter, at: performance.now() });
      this.calls.push({ method, args, error: 'ratelimited' });
      this.changes.emit('change');
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const result = token === expected ? this.handleApi(method, args) : { ok: false, error: 'invalid_auth' };
    this.calls.push({ method, args, error: result.ok ? undefined : String(result.error) });
    this.changes.emit('change');
    send(res, 200, result);
  }

  /** Seconds the caller must wait (a 429), or 0. Only chat.postMessage is paced per channel. */
  private rateLimit(method: string, args: Record<string, unknown>): number {
    if (method !== 'chat.postMessage' || this.conversations.postProblem(String(args.channel ?? ''))) return 0;
    return this.postRate.take(String(args.channel));
  }

  private handleApi(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://stand-in.slack.test/', team: 'Stand-in', user: 'memtutor', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link` };
      case 'chat.postMessage':
      case 'chat.postEphemeral':
      case 'chat.update':
        return this.chat(method, args);
      case 'users.info':
        return this.userInfo(String(args.user ?? ''));
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? '').replace(/^U/, '')}` } };
      case 'conversations.join':
        return this.join(String(args.channel ?? ''));
      case 'chat.delete':
        return this.deleteMessage(String(args.channel ?? ''), String(args.ts ?? ''));
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return this.view(method, args);
      case 'files.getUploadURLExternal':
        return this.uploadUrl(args);
      case 'files.completeUploadExternal':
        return this.completeUpload(args);
      case 'files.delete':
        return this.deleteFile(String(args.file ?? ''));
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private chat(method: Posted['via'], args: Record<string, unknown>): Record<string, unknown> {
    const refused = this.refuse(method, checkMessage(args.text, args.blocks) ?? this.fileProblem(args.blocks));
    if (refused) return refused;
    const channel = String(args.channel ?? '');
    const problem = this.conversations.postProblem(channel);
    if (problem) return { ok: false, error: problem };
    if (method === 'chat.update' && !this.updatable(channel, String(args.ts))) return { ok: false, error: 'message_not_found' };
    const ts = method === 'chat.update' ? String(args.ts) : this.nextTs();
    this.record({
      via: method,
      channel,
      ts,
      text: String(args.text ?? ''),
      blocks: (args.blocks as Posted['blocks']) ?? [],
      threadTs: args.thread_ts ? String(args.thread_ts) : undefined,
      ephemeral: method === 'chat.postEphemeral',
      replaces: method === 'chat.update' ? ts : undefined,
    });
    if (method === 'chat.postEphemeral') return { ok: true, message_ts: ts };
    return { ok: true, channel, ts, message: { ts, text: args.text, blocks: args.blocks } };
  }

  /** chat.update finds only a message in the conversation, still there: never an ephemeral one. */
  private updatable(channel: string, ts: string): boolean {
    const current = this.visibleMessages().find((p) => p.channel === channel && p.ts === ts);
    return current !== undefined && !current.ephemeral;
  }

  /** An image block may show only a file whose upload was completed and that still exists. */
  private fileProblem(blocks: unknown): LimitError | undefined {
    const ids = (Array.isArray(blocks) ? (blocks as Array<{ type?: unknown; slack_file?: { id?: unknown } }>) : [])
      .filter((b) => b.type === 'image' && typeof b.slack_file?.id === 'string')
      .map((b) => String(b.slack_file!.id));
    const missing = ids.find((id) => !this.files.some((f) => f.id === id && f.completed && !f.deleted));
    return missing ? { error: 'invalid_blocks', detail: `[ERROR] slack_file ${missing} is not an uploaded file` } : undefined;
  }

  private deleteFile(id: string): Record<string, unknown> {
    const file = this.files.find((f) => f.id === id);
    if (!file) return { ok: false, error: 'file_not_found' };
    if (file.deleted) return { ok: false, error: 'file_deleted' };
    file.deleted = true;
    this.changes.emit('change');
    return { ok: true };
  }

  private userInfo(id: string): Record<string, unknown> {
    const user = this.users.get(id);
    if (!user) return { ok: false, error: 'user_not_found' };
    return {
      ok: true,
      user: { id, team_id: this.teamId, name: user.name, real_name: user.name, is_admin: Boolean(user.isAdmin), is_owner: Boolean(user.isOwner), profile: { display_name: user.name, real_name: user.name } },
    };
  }

  private join(channel: string): Record<string, unknown> {
    const problem = this.conversations.join(channel);
    return problem ? { ok: false, error: problem } : { ok: true, channel: { id: channel, is_member: true } };
  }

  private deleteMessage(channel: string, ts: string): Record<string, unknown> {
    if (!this.posts.some((p) => p.channel === channel && p.ts === ts && !p.ephemeral)) return { ok: false, error: 'message_not_found' };
    this.deleted.add(`${channel}/${ts}`);
    this.changes.emit('change');
    return { ok: true, channel, ts };
  }

  private view(method: string, args: Record<string, unknown>): Record<string, unknown> {
    if (method === 'views.open') {
      const issuedAt = this.triggers.get(String(args.trigger_id ?? ''));
      if (issuedAt === undefined) return { ok: false, error: 'invalid_trigger_id' };
      if (performance.now() - issuedAt > TRIGGER_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
    }
    const view = args.view as Record<string, unknown>;
    const refused = this.refuse(method, checkView(view));
    if (refused) return refused;
    this.views.push({ method, view, userId: args.user_id ? String(args.user_id) : undefined });
    this.changes.emit('change');
    return { ok: true, view: { id: this.nextId('V'), ...view } };
  }

  private uploadUrl(args: Record<string, unknown>): Record<string, unknown> {
    const id = this.nextId('F');
    this.files.push({ id, filename: String(args.filename ?? ''), content: '', bytes: Buffer.alloc(0) });
    return { ok: true, upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
  }

  private upload(id: string, bytes: Buffer, res: ServerResponse): void {
    const file = this.files.find((f) => f.id === id);
    if (!file) return send(res, 404, 'no such upload');
    file.bytes = bytes;
    file.content = bytes.toString('utf8');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  }

  private completeUpload(args: Record<string, unknown>): Record<string, unknown> {
    const entries = (args.files as Array<{ id: string; title?: string }>) ?? [];
    // Shared into a conversation only when the bot is in it; without channel_id the file stays private.
    const problem = args.channel_id ? this.conversations.uploadProblem(String(args.channel_id)) : undefined;
    if (problem) return { ok: false, error: problem };
    for (const entry of entries) {
      const file = this.files.find((f) => f.id === entry.id);
      if (!file) return { ok: false, error: 'file_not_found' };
      file.channel = args.channel_id ? String(args.channel_id) : undefined;
      file.threadTs = args.thread_ts ? String(args.thread_ts) : undefined;
      file.completed = true;
    }
    this.changes.emit('change');
    return { ok: true, files: entries.map((e) => ({ id: e.id, title: e.title })) };
  }

  private respond(id: string, body: string, res: ServerResponse): void {
    const state = this.responseUrls.get(id);
    if (!state || performance.now() - state.issuedAt > RESPONSE_URL_LIFETIME_MS) return send(res, 404, { ok: false, error: 'expired_url' });
    if (state.uses >= RESPONSE_URL_USES) return send(res, 404, { ok: false, error: 'used_too_many_times' });
    const message = JSON.parse(body) as Record<string, unknown>;
    if (isTrue(message.delete_original)) return this.deleteOriginal(state, res);
    const refused = this.refuse('response_url', checkMessage(message.text, message.blocks) ?? this.fileProblem(message.blocks));
    if (refused) return send(res, 400, refused);
    state.uses += 1;
    const replaces = isTrue(message.replace_original) ? state.messageTs : undefined;
    const ts = replaces ?? this.nextTs();
    // A command's or shortcut's first message through its URL is the original that later uses replace or delete.
    state.messageTs ??= ts;
    this.record({
      via: 'response_url',
      channel: state.channel,
      ts,
      text: String(message.text ?? ''),
      blocks: (message.blocks as Posted['blocks']) ?? [],
      threadTs: message.thread_ts ? String(message.thread_ts) : undefined,
      // A replaced message keeps its audience: an ephemeral one stays the user's alone.
      ephemeral: replaces ? this.visibleMessages().some((p) => p.channel === state.channel && p.ts === replaces && p.ephemeral) : message.response_type !== 'in_channel',

      replaces,
      responseUrl: id,
    });
    send(res, 200, { ok: true });
  }

  private deleteOriginal(state: ResponseUrlState, res: ServerResponse): void {
    const key = `${state.channel}/${state.messageTs}`;
    if (state.messageTs === undefined || this.deleted.has(key)) return send(res, 404, { ok: false, error: 'message_not_found' });
    state.uses += 1;
    this.deleted.add(key);
    this.changes.emit('change');
    send(res, 200, { ok: true });
  }

  private refuse(method: string, problem: LimitError | undefined): Record<string, unknown> | undefined {
    if (!problem) return undefined;
    this.refusals.push({ method, ...problem });
    return { ok: false, error: problem.error, response_metadata: { messages: [problem.detail] } };
  }

  private record(post: Omit<Posted, 'receivedAt'>): void {
    this.posts.push({ ...post, receivedAt: performance.now() });
    this.changes.emit('change');
  }
}

function isTrue(flag: unknown): boolean {
  return flag === true || flag === 'true';
}

/** The file's bytes: web-api posts them as multipart form data (one file part). */

async function uploadedBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return raw;
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
  const part = [...form.values()][0];
  if (part === undefined) return Buffer.alloc(0);
  return typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(await part.arrayBuffer());
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Web API arguments: form-encoded with nested objects as JSON strings (what @slack/web-api sends), or JSON. */
function parseApiArgs(req: IncomingMessage, body: string): Record<string, unknown> {
  if (req.headers['content-type']?.startsWith('application/json')) return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = JSON_ARGUMENTS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}

const JSON_ARGUMENTS = new Set(['blocks', 'view', 'files', 'attachments', 'metadata']);

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
}
