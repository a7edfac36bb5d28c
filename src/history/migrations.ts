import type { SqlClient } from './sql-client.js';

/**
 * The history schema, one step per version, in SQL both SQLite and PostgreSQL run as written:
 * text, BIGINT (epoch milliseconds for times) and INTEGER only, natural text keys (no
 * autoincrement, whose syntax differs). Never edit a shipped step: add the next one.
 */
export const MIGRATIONS: readonly string[][] = [
  [
    `CREATE TABLE diagnoses (
      id TEXT PRIMARY KEY,
      repo TEXT NOT NULL,
      workflow TEXT NOT NULL,
      workflow_name TEXT NOT NULL,
      job_name TEXT NOT NULL,
      job_id BIGINT NOT NULL,
      job_url TEXT,
      run_id BIGINT NOT NULL,
      run_attempt INTEGER NOT NULL,
      head_sha TEXT NOT NULL,
      branch TEXT,
      pr INTEGER,
      root_cause TEXT,
      root_title TEXT,
      category TEXT,
      key_capture TEXT,
      captures TEXT,
      evidence_line INTEGER,
      classification TEXT,
      runner_name TEXT,
      log_bytes BIGINT NOT NULL,
      job_started_at BIGINT,
      diagnosed_at BIGINT NOT NULL
    )`,
    'CREATE INDEX diagnoses_time ON diagnoses (diagnosed_at)',
    'CREATE INDEX diagnoses_run ON diagnoses (repo, run_id, run_attempt)',
    `CREATE TABLE diagnosis_labels (
      diagnosis_id TEXT NOT NULL REFERENCES diagnoses (id) ON DELETE CASCADE,
      label TEXT NOT NULL,
      PRIMARY KEY (diagnosis_id, label)
    )`,
  ],
];

/** Arbitrary constant: the advisory lock replicas take while one of them migrates PostgreSQL. */
const MIGRATION_LOCK = 0x7264_6f63;

/** Applies the steps this database has not seen yet, in one transaction; returns the schema version. */
export async function migrate(db: SqlClient): Promise<number> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at ' +
    'BIGINT NOT NULL)');
  return db.transaction(async (tx) => {
    const rows = await tx.all('SELECT MAX(version) AS v FROM schema_migrations');
    const current = Number(rows[0]?.v ?? 0);
    if (current > MIGRATIONS.length) {
      throw new Error(
        `the history database is at schema version ${current}, newer than this runner-doctor ` +
          `(${MIGRATIONS.length}): upgrade the app`,
      );
    }
    for (let v = current + 1; v <= MIGRATIONS.length; v++) {
      for (const sql of MIGRATIONS[v - 1]!) await tx.run(sql);
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [v, Date.now()]);
    }
    return MIGRATIONS.length;
  }, MIGRATION_LOCK);
}
