// Picks the store from the configuration: PostgreSQL when DATABASE_URL is set (several bot
// processes share it), otherwise the SQLite file at DATABASE_PATH (one process, nothing to install).
import type { Config } from '../config.js';
import type { Store } from '../core/store/store.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';

export async function openStore(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_PATH'>): Promise<Store> {
  return config.DATABASE_URL ? PostgresStore.open(config.DATABASE_URL) : SqliteStore.open(config.DATABASE_PATH);
}

export { StoreOpenError } from './sql.js';
