import type { Logger } from 'probot';
import type { InfrastructureRule } from './classify.js';
import type { HistoryStore } from './history-store.js';
import { loadInfrastructureRule } from './infrastructure-rule.js';
import { openHistoryStore, readHistoryConfig } from './open-store.js';

const DAY_MS = 86_400_000;

export interface HistoryRuntime {
  store: HistoryStore;
  infrastructure: InfrastructureRule;
  /** STATS_TOKEN, or null: the /stats page is off. */
  statsToken: string | null;
  stop(): Promise<void>;
}

/**
 * Opens the history store the environment names (DATABASE_URL, else SQLite under DATA_DIR),
 * migrates it, prunes past HISTORY_DAYS now and daily. A bad setting or an unreachable
 * database stops the start with the reason.
 */
export async function startHistory(env: NodeJS.ProcessEnv, log: Logger): Promise<HistoryRuntime> {
  const config = readHistoryConfig(env);
  const infrastructure = loadInfrastructureRule();
  let store: HistoryStore;
  try {
    store = await openHistoryStore(config);
  } catch (err) {
    const where = config.databaseUrl ? 'the PostgreSQL database in DATABASE_URL' : config.sqliteFile;
    throw new Error(`runner-doctor: cannot open the history store (${where}): ${(err as Error).message}`);
  }
  const prune = () =>
    store
      .prune(config.days)
      .then((n) => n && log.info({ outcome: 'history-pruned', rows: n, days: config.days }, 'old diagnoses deleted'))
      .catch((err: unknown) => log.warn({ outcome: 'history-prune-failed', err }, 'pruning the history failed'));
  await prune();
  const timer = setInterval(() => void prune(), DAY_MS);
  timer.unref();
  log.info(
    { outcome: 'history-ready', backend: store.db.dialect, retentionDays: config.days },
    config.databaseUrl ? 'history in PostgreSQL' : `history in ${config.sqliteFile}`,
  );
  const statsToken = env.STATS_TOKEN?.trim() || null;
  return {
    store,
    infrastructure,
    statsToken,
    stop: async () => {
      clearInterval(timer);
      await store.close();
    },
  };
}
