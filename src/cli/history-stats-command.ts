import { existsSync } from 'node:fs';
import { queryStats } from '../history/stats-query.js';
import { openHistoryStore, readHistoryConfig } from '../history/open-store.js';
import { renderStatsText } from '../render/render-stats-text.js';
import type { CliIo } from './cli-io.js';
import { HISTORY_STATS } from './commands.js';
import { parseOptions } from './parse-options.js';
import { UsageError } from './usage-error.js';

/** `runner-doctor stats [--days N] [--json]`. */
export async function runHistoryStats(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(HISTORY_STATS, args);
  if (values.help) {
    io.stdout.write(HISTORY_STATS.help);
    return 0;
  }
  if (positionals.length) {
    throw new UsageError(`stats takes no arguments, got "${positionals[0]}"; run \`runner-doctor stats --help\``);
  }
  let windows = [1, 7, 30];
  if (values.days !== undefined) {
    const raw = String(values.days);
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > 3650) {
      throw new UsageError(`--days must be a whole number from 1 to 3650, got "${raw}"`);
    }
    windows = [n];
  }
  const config = readHistoryConfig(io.env, io.cwd);
  if (!config.databaseUrl && !existsSync(config.sqliteFile)) {
    throw new UsageError(
      `no history store at ${config.sqliteFile}: ` +
        "set DATA_DIR to the app's data directory, or DATABASE_URL to its PostgreSQL",
    );
  }
  const store = await openHistoryStore(config);
  try {
    const stats = await queryStats(store, windows);
    io.stdout.write(values.json ? `${JSON.stringify(stats, null, 2)}\n` : renderStatsText(stats));
  } finally {
    await store.close();
  }
  return 0;
}
