import { existsSync } from 'node:fs';
import { queryStats } from '../history/stats-query.js';
import { openHistoryStore, readHistoryConfig } from '../history/open-store.js';
import { renderStatsText } from '../render/render-stats-text.js';
import type { CliIo } from './cli-io.js';
import type { CommandSpec } from './commands.js';
import { parseOptions } from './parse-options.js';
import { UsageError } from './usage-error.js';

export const HISTORY_STATS: CommandSpec = {
  name: 'stats',
  summary: "top root causes and classifications from the app's history store",
  options: {
    help: { type: 'boolean', short: 'h', default: false },
    days: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  help: `Usage: runner-doctor stats [--days N] [--json]

Prints what the app's /stats page shows, from its history store: failed jobs, the unclassified share,
classifications and the top root causes with their trend (against the period before) for the last 24 hours,
7 and 30 days (or the last N days), then by repository, by runner label, and the newest examples.
The store is the app's: DATABASE_URL (PostgreSQL), else $DATA_DIR/history.sqlite (DATA_DIR default ./data).

Options:
  --days <N>   one period of N days (1..3650) instead of 24 hours, 7 and 30 days
  --json       the numbers as JSON
  -h, --help   this help

Exit codes: 0 printed, 2 bad input or no store.
`,
};

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
