// The one place that picks a Store implementation from the configuration (the composition root
// calls it). SQLite today; another database plugs in here behind the same Store interface.
import type { Config } from '../config.js';
import type { Store } from '../core/store/store.js';
import { SqliteStore } from './sqlite.js';

/** Async because opening a networked database is. */
export async function openStore(config: Pick<Config, 'DATABASE_PATH'>): Promise<Store> {
  return SqliteStore.open(config.DATABASE_PATH);
}
