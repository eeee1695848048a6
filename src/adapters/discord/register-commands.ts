// `memtutor register-commands [--guild ID]`: puts memtutor's command set on Discord over REST,
// globally (may take a while to show everywhere) or in one guild (instant, for development).
import { REST, Routes } from 'discord.js';
import { ConfigError, type Config } from '../../config.js';
import { commands } from '../../core/commands/index.js';
import { discordCommandSet } from './commands.js';

export interface RegisteredCommands {
  scope: string;
  names: string[];
}

export async function registerCommands(config: Config, guildId?: string): Promise<RegisteredCommands> {
  if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) {
    throw new ConfigError('Invalid configuration: DISCORD_TOKEN and DISCORD_APP_ID are required to register commands');
  }
  const rest = new REST({ api: config.DISCORD_API_BASE }).setToken(config.DISCORD_TOKEN);
  const route = guildId ? Routes.applicationGuildCommands(config.DISCORD_APP_ID, guildId) : Routes.applicationCommands(config.DISCORD_APP_ID);
  // PUT replaces the whole set, so commands removed from memtutor disappear from Discord too.
  const registered = (await rest.put(route, { body: discordCommandSet(commands) })) as Array<{ name: string; type?: number }>;
  return {
    scope: guildId ? `guild ${guildId}` : 'global',
    names: registered.map((c) => ((c.type ?? 1) === 1 ? `/${c.name}` : c.name)),
  };
}
