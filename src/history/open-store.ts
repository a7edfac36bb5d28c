import { isAbsolute, join, resolve } from 'node:path';
import { HistoryStore } from './history-store.js';
import { openPostgres } from './pg-client.js';
import { openSqlite } from './sqlite-client.js';

export interface HistoryConfig {
  /** `postgres://...` from DATABASE_URL, or null for the SQLite file. */
  databaseUrl: string | null;
  /** The SQLite file: `$DATA_DIR/history.sqlite` (DATA_DIR default `./data`). */
  sqliteFile: string;
  /** HISTORY_DAYS, default 90. */
  days: number;
}

/** Reads DATABASE_URL, DATA_DIR and HISTORY_DAYS; a bad value is an error naming the variable. */
export function readHistoryConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): HistoryConfig {
  const url = env.DATABASE_URL?.trim() || null;
  if (url && !/^postgres(?:ql)?:\/\//.test(url)) {
    throw new Error('DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/db); ' +
      'unset it to use SQLite');
  }
  const raw = env.HISTORY_DAYS?.trim();
  const days = raw ? Number(raw) : 90;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new Error(`HISTORY_DAYS must be a whole number of days from 1 to 3650, got ${JSON.stringify(raw)}`);
  }
  const dir = env.DATA_DIR?.trim() || 'data';
  return { databaseUrl: url, sqliteFile: join(isAbsolute(dir) ? dir : resolve(cwd, dir), 'history.sqlite'), days };
}

/** Opens (and migrates) the configured store. */
export function openHistoryStore(config: HistoryConfig): Promise<HistoryStore> {
  return HistoryStore.open(config.databaseUrl ? openPostgres(config.databaseUrl) : openSqlite(config.sqliteFile));
}
