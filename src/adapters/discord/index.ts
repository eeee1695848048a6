// The Discord adapter: a discord.js client with minimal intents, one listener per interaction kind,
// and a channel poster for the core's own posts. Run by `npm start` when DISCORD_TOKEN and
// DISCORD_APP_ID are set.
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { Config } from '../../config.js';
import type { Core } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import type { PlatformAdapter } from '../adapter.js';
import type { DiscordContext } from './context.js';
import { registerListeners } from './listeners/index.js';
import { discordPoster } from './poster.js';

/**
 * Guilds (slash commands, channels), GuildMessages (messages that mention the bot) and
 * DirectMessages (DMs). MessageContent is privileged: only asked for when auto-check channels are set.
 */
export function discordIntents(config: Config): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  return config.DISCORD_AUTOCHECK_CHANNELS.length ? [...intents, GatewayIntentBits.MessageContent] : intents;
}

/** Which gateway shards this process runs; unset, discord.js runs the one shard of an unsharded bot. */
export function discordShardOptions(config: Config): Pick<ClientOptions, 'shards' | 'shardCount'> {
  return {
    ...(config.DISCORD_SHARDS !== undefined ? { shards: config.DISCORD_SHARDS } : {}),
    ...(config.DISCORD_SHARD_COUNT !== undefined ? { shardCount: config.DISCORD_SHARD_COUNT } : {}),
  };
}

export function createDiscordClient(config: Config, overrides: Partial<ClientOptions> = {}): Client {
  return new Client({
    intents: discordIntents(config),
    ...discordShardOptions(config),
    // DM channels arrive uncached: without the Channel partial discord.js drops DMs.
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    ...overrides,
    // REST and so the gateway address (GET /gateway/bot) come from DISCORD_API_BASE.
    rest: { api: config.DISCORD_API_BASE, ...overrides.rest },
  });
}

/** Built without connecting: start() logs in and resolves once the gateway is ready. */
export function createDiscordAdapter(core: Core, config: Config, logger: Logger, clientOptions: Partial<ClientOptions> = {}): PlatformAdapter {
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  const token = config.DISCORD_TOKEN;
  const log = logger.child({ platform: 'discord' });
  const client = createDiscordClient(config, clientOptions);
  const ctx: DiscordContext = { client, router: core.router, config, logger: log, autocheckChannels: new Set(config.DISCORD_AUTOCHECK_CHANNELS) };
  registerListeners(ctx, core.services.lessons);
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.ShardResume, () => log.info('discord gateway session resumed'));
  return {
    name: 'discord',
    poster: discordPoster(client),
    async start() {
      const ready = once(client, Events.ClientReady);
      try {
        await client.login(token);
        await ready;
      } catch (error) {
        // A refused token must not leave a half-open client keeping the process alive.
        await client.destroy();
        throw error;
      }
      log.info({ user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.ws.shards.map((shard) => shard.id), shardCount: client.options.shardCount }, 'discord: logged in');
    },
    stop: () => client.destroy(),
  };
}
