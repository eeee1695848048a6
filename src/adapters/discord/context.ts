// What every Discord listener needs, built once by createDiscordAdapter.
import type { Client } from 'discord.js';
import type { Config } from '../../config.js';
import type { Router } from '../../core/router.js';
import type { Logger } from '../../logger.js';

export interface DiscordContext {
  client: Client;
  router: Router;
  config: Config;
  logger: Logger;
  /** Channels where every message with a ```python block is checked (needs the Message Content intent). */
  autocheckChannels: ReadonlySet<string>;
}
