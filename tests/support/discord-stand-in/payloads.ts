// Gateway and REST objects as Discord sends them, trimmed to what discord.js 14 reads.

let sequence = 0n;
const DISCORD_EPOCH = 1420070400000n;

/** A fresh, time-ordered snowflake (as Discord makes them). */
export function snowflake(at = Date.now()): string {
  sequence = (sequence + 1n) & 0xfffn;
  return String(((BigInt(at) - DISCORD_EPOCH) << 22n) | sequence);
}

export interface UserObject {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export function userObject(id: string, username: string, bot = false): UserObject {
  return { id, username, global_name: bot ? null : username, discriminator: '0', avatar: null, ...(bot ? { bot: true } : {}) };
}

export function roleObject(id: string, name: string, permissions: bigint): Record<string, unknown> {
  return { id, name, permissions: String(permissions), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 };
}

export function textChannelObject(id: string, guildId: string, name: string): Record<string, unknown> {
  return { id, type: 0, guild_id: guildId, name, position: 0, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0 };
}

export function threadChannelObject(id: string, guildId: string, parentId: string, name: string, ownerId: string): Record<string, unknown> {
  const thread_metadata = { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false };
  return { id, type: 11, guild_id: guildId, parent_id: parentId, name, owner_id: ownerId, last_message_id: null, rate_limit_per_user: 0, message_count: 0, member_count: 1, thread_metadata, flags: 0 };
}

export function dmChannelObject(id: string, recipient: UserObject): Record<string, unknown> {
  return { id, type: 1, recipients: [recipient], last_message_id: null };
}

export interface GuildFixture {
  id: string;
  name: string;
  channels: Array<Record<string, unknown>>;
  roles: Array<Record<string, unknown>>;
  /** The roles the bot's member has (its invite's permissions). */
  botRoles: string[];
  /** Active threads (channel type 11, in a parent text channel). */
  threads: Array<Record<string, unknown>>;
}

export function guildCreateObject(guild: GuildFixture, bot: UserObject): Record<string, unknown> {
  const joined = new Date().toISOString();
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: snowflake(),
    unavailable: false,
    large: false,
    member_count: 2,
    roles: guild.roles,
    channels: guild.channels,
    threads: guild.threads,
    members: [{ user: bot, roles: guild.botRoles, joined_at: joined, deaf: false, mute: false, flags: 0 }],
    presences: [],
    voice_states: [],
    emojis: [],
    stickers: [],
    features: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    premium_tier: 0,
    preferred_locale: 'en-US',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    system_channel_flags: 0,
    joined_at: joined,
  };
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: UserObject;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: Array<{ id: string; filename: string; size: number; url: string; proxy_url: string; content_type?: string }>;
  flags: number;
  allowed_mentions?: unknown;
  /** The content of each attachment, in the same order. */
  files: StoredFile[];
  edits: number;
  message_reference?: unknown;
}

/** An uploaded file: its text (for text files) and its bytes as sent (images are not text). */
export interface StoredFile {
  name: string;
  text: string;
  bytes: Buffer;
}

/** The message object discord.js builds a Message from. */
export function messageObject(message: StoredMessage, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: message.id,
    channel_id: message.channel_id,
    ...(message.guild_id ? { guild_id: message.guild_id } : {}),
    author: message.author,
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    attachments: message.attachments,
    flags: message.flags,
    type: 0,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: message.edits ? new Date().toISOString() : null,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    ...extra,
  };
}
