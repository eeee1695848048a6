// Every platform the bot can run on, by name. Each is imported only when it runs: discord.js and
// Bolt take a moment to load, and most runs need one platform.
import type { Config } from '../config.js';
import type { Core } from '../core/index.js';
import type { Platform } from '../core/messages.js';
import type { Logger } from '../logger.js';
import type { PlatformAdapter } from './adapter.js';

export type AdapterFactory = (core: Core, config: Config, logger: Logger) => Promise<PlatformAdapter>;

export const adapterFactories: Record<Platform, AdapterFactory> = {
  discord: async (core, config, logger) => (await import('./discord/index.js')).createDiscordAdapter(core, config, logger),
  slack: async (core, config, logger) => (await import('./slack/index.js')).createSlackAdapter(core, config, logger),
  terminal: async (core) => (await import('./terminal/index.js')).createTerminalAdapter(core),
};
