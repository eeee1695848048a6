// The two ways Slack delivers requests to an app, behind one interface so a scenario runs on both:
// signed HTTP POSTs to /slack/events, and Socket Mode envelopes. Plus builders for the payloads.
import { createHmac } from 'node:crypto';
import { SIGNING_SECRET, type Posted, type SlackStandIn } from './server.js';

export interface Delivery {
  status: number;
  /** The HTTP response body, or the Socket Mode ack's payload. */
  body: unknown;
  /** How long the app took to acknowledge. */
  ms: number;
}

export interface SlackDriver {
  readonly kind: 'http' | 'socket';
  slashCommand(fields: Record<string, string>): Promise<Delivery>;
  interactive(payload: Record<string, unknown>): Promise<Delivery>;
  event(body: Record<string, unknown>, retry?: { num: number; reason: string }): Promise<Delivery>;
}

export interface SignatureOverride {
  timestamp?: number;
  signature?: string;
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export class HttpDriver implements SlackDriver {
  readonly kind = 'http';
  constructor(
    private readonly endpoint: string,
    private readonly standIn: SlackStandIn,
  ) {}

  async slashCommand(fields: Record<string, string>): Promise<Delivery> {
    const delivery = await this.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
    this.standIn.acknowledged(fields.response_url ?? '', delivery.body);
    return delivery;
  }

  interactive(payload: Record<string, unknown>): Promise<Delivery> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  }

  event(body: Record<string, unknown>, retry?: { num: number; reason: string }): Promise<Delivery> {
    const headers: Record<string, string> = retry ? { 'x-slack-retry-num': String(retry.num), 'x-slack-retry-reason': retry.reason } : {};
    return this.post(JSON.stringify(body), 'application/json', {}, headers);
  }

  /** A raw signed POST; `override` forges the timestamp or signature. */
  async post(body: string, contentType: string, override: SignatureOverride = {}, headers: Record<string, string> = {}): Promise<Delivery> {
    const timestamp = override.timestamp ?? Math.floor(Date.now() / 1000);
    const started = performance.now();
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': override.signature ?? sign(body, timestamp),
        ...headers,
      },
      body,
    });
    const text = await response.text();
    const ms = performance.now() - started;
    return { status: response.status, body: parseMaybeJson(text), ms };
  }
}

export class SocketDriver implements SlackDriver {
  readonly kind = 'socket';
  constructor(private readonly standIn: SlackStandIn) {}

  async slashCommand(fields: Record<string, string>): Promise<Delivery> {
    const delivery = await this.send('slash_commands', fields);
    this.standIn.acknowledged(fields.response_url ?? '', delivery.body);
    return delivery;
  }

  interactive(payload: Record<string, unknown>): Promise<Delivery> {
    return this.send('interactive', payload);
  }

  event(body: Record<string, unknown>, retry?: { num: number; reason: string }): Promise<Delivery> {
    return this.send('events_api', body, retry ? { retry_attempt: retry.num, retry_reason: retry.reason } : {});
  }

  private async send(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown, extra: Record<string, unknown> = {}): Promise<Delivery> {
    const { ack, ms } = await this.standIn.sendEnvelope(type, payload, extra);
    return { status: 200, body: ack.payload ?? {}, ms };
  }
}

function parseMaybeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : '';
  } catch {
    return text;
  }
}

// ---- payloads, shaped like Slack's ----

/** What Slack does to text a user typed before sending it to the app: &, <, > become entities. */
export function slackEscape(typed: string): string {
  return typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface Who {
  user?: string;
  channel?: string;
}

const DEFAULT_USER = 'U0ADA';
const DEFAULT_CHANNEL = 'C0STUDY';

export function slashCommand(slack: SlackStandIn, command: string, text = '', who: Who = {}): Record<string, string> {
  const user = who.user ?? DEFAULT_USER;
  const channel = who.channel ?? DEFAULT_CHANNEL;
  return {
    token: 'legacy-verification-token',
    team_id: slack.teamId,
    team_domain: 'stand-in',
    channel_id: channel,
    channel_name: 'study',
    user_id: user,
    user_name: slack.users.get(user)?.name ?? 'someone',
    command,
    text,
    api_app_id: slack.appId,
    is_enterprise_install: 'false',
    response_url: slack.responseUrl(channel),
    trigger_id: slack.triggerId(),
  };
}

/** A click on the button whose value (the core's action id) is `action`, in a message that landed. */
export function blockAction(slack: SlackStandIn, post: Posted, action: string, who: Who = {}): Record<string, unknown> {
  const user = who.user ?? DEFAULT_USER;
  const button = findButton(post, action);
  if (!button) throw new Error(`no button ${action} in message: ${JSON.stringify(post.blocks)}`);
  return {
    type: 'block_actions',
    user: { id: user, username: slack.users.get(user)?.name ?? 'someone', name: slack.users.get(user)?.name ?? 'someone', team_id: slack.teamId },
    api_app_id: slack.appId,
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: post.ts, channel_id: post.channel, is_ephemeral: post.ephemeral },
    trigger_id: slack.triggerId(),
    team: { id: slack.teamId, domain: 'stand-in' },
    channel: { id: post.channel, name: 'study' },
    message: { type: 'message', ts: post.ts, text: post.text, blocks: post.blocks },
    response_url: slack.responseUrl(post.channel, post.ts),
    actions: [{ ...button.element, block_id: button.blockId, action_ts: `${Date.now() / 1000}` }],
  };
}

/** A click on a button in the App Home tab (no response_url there). */
export function homeAction(slack: SlackStandIn, view: Record<string, unknown>, action: string, who: Who = {}): Record<string, unknown> {
  const user = who.user ?? DEFAULT_USER;
  const button = findButton({ blocks: view.blocks as Posted['blocks'] }, action);
  if (!button) throw new Error(`no button ${action} in the home view`);
  return {
    type: 'block_actions',
    user: { id: user, username: slack.users.get(user)?.name ?? 'someone', team_id: slack.teamId },
    api_app_id: slack.appId,
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: 'V0HOME' },
    trigger_id: slack.triggerId(),
    team: { id: slack.teamId, domain: 'stand-in' },
    view: { id: 'V0HOME', type: 'home', ...view },
    actions: [{ ...button.element, block_id: button.blockId, action_ts: `${Date.now() / 1000}` }],
  };
}

export function findButton(post: Pick<Posted, 'blocks'>, action: string): { element: Record<string, unknown>; blockId: string } | undefined {
  for (const [index, block] of post.blocks.entries()) {
    if (block.type !== 'actions') continue;
    const element = (block.elements as Array<Record<string, unknown>>).find((e) => e.value === action);
    if (element) return { element, blockId: String(block.block_id ?? `b${index}`) };
  }
  return undefined;
}

/** Submitting an open modal with its text inputs set to `values` (by action_id). */
export function viewSubmission(slack: SlackStandIn, view: Record<string, unknown>, values: Record<string, string>, who: Who = {}): Record<string, unknown> {
  const user = who.user ?? DEFAULT_USER;
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as Array<Record<string, unknown>>) {
    if (block.type !== 'input') continue;
    const element = block.element as { action_id: string };
    state[String(block.block_id)] = { [element.action_id]: { type: 'plain_text_input', value: values[element.action_id] ?? null } };
  }
  return {
    type: 'view_submission',
    team: { id: slack.teamId, domain: 'stand-in' },
    user: { id: user, username: slack.users.get(user)?.name ?? 'someone', team_id: slack.teamId },
    api_app_id: slack.appId,
    token: 'legacy-verification-token',
    trigger_id: slack.triggerId(),
    view: { id: slack.nextId('V'), team_id: slack.teamId, ...view, state: { values: state }, hash: 'h', app_id: slack.appId, bot_id: slack.botId },
    response_urls: [],
  };
}

export function messageShortcut(slack: SlackStandIn, callbackId: string, text: string, who: Who = {}): Record<string, unknown> {
  const user = who.user ?? DEFAULT_USER;
  const channel = who.channel ?? DEFAULT_CHANNEL;
  const ts = slack.nextTs();
  return {
    type: 'message_action',
    token: 'legacy-verification-token',
    action_ts: `${Date.now() / 1000}`,
    team: { id: slack.teamId, domain: 'stand-in' },
    user: { id: user, name: slack.users.get(user)?.name ?? 'someone', team_id: slack.teamId },
    channel: { id: channel, name: 'study' },
    is_enterprise_install: false,
    callback_id: callbackId,
    trigger_id: slack.triggerId(),
    response_url: slack.responseUrl(channel),
    message_ts: ts,
    message: { type: 'message', user: 'U0OTHER', ts, text },
  };
}

export function eventBody(slack: SlackStandIn, event: Record<string, unknown>, eventId = slack.nextId('Ev')): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: slack.teamId,
    api_app_id: slack.appId,
    event: { event_ts: slack.nextTs(), ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: slack.teamId, user_id: slack.botUserId, is_bot: true, is_enterprise_install: false }],
  };
}

export function directMessage(slack: SlackStandIn, text: string, who: Who = {}): Record<string, unknown> {
  const user = who.user ?? DEFAULT_USER;
  return { type: 'message', channel: `D${user.replace(/^U/, '')}`, channel_type: 'im', user, text, ts: slack.nextTs() };
}

export function mention(slack: SlackStandIn, text: string, who: Who = {}): Record<string, unknown> {
  return { type: 'app_mention', channel: who.channel ?? DEFAULT_CHANNEL, user: who.user ?? DEFAULT_USER, text: `<@${slack.botUserId}> ${text}`, ts: slack.nextTs() };
}

export function homeOpened(who: Who = {}): Record<string, unknown> {
  const user = who.user ?? DEFAULT_USER;
  return { type: 'app_home_opened', user, channel: `D${user.replace(/^U/, '')}`, tab: 'home' };
}
