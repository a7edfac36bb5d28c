import { migrate } from './migrations.js';
import type { Row, SqlClient } from './sql-client.js';
import type { Classification, DiagnosisRecord } from './types.js';

const DAY_MS = 86_400_000;
/** Label rows per diagnosis: a job has a handful; a hostile payload must not write thousands. */
const MAX_LABELS = 20;
const MAX_TEXT = 500;

const COLUMNS = [
  'id', 'repo', 'workflow', 'workflow_name', 'job_name', 'job_id', 'job_url', 'run_id', 'run_attempt', 'head_sha',
  'branch', 'pr', 'root_cause', 'root_title', 'category', 'key_capture', 'captures', 'evidence_line',
  'classification', 'runner_name', 'log_bytes', 'job_started_at', 'diagnosed_at',
] as const;

const UPSERT = `INSERT INTO diagnoses (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`;

/**
 * The history of diagnoses, on SQLite or PostgreSQL through the same SQL. Every method is one or
 * a few bounded queries; callers treat failures as "no history" and keep serving.
 */
export class HistoryStore {
  private constructor(readonly db: SqlClient) {}

  /** Opens the store on a client, applying pending migrations first. */
  static async open(db: SqlClient): Promise<HistoryStore> {
    await migrate(db);
    return new HistoryStore(db);
  }

  /** Records (or replaces: a job is diagnosed again on /diagnose) one job's diagnosis. */
  async record(r: DiagnosisRecord): Promise<void> {
    const id = recordId(r.repo, r.runId, r.runAttempt, r.jobId);
    const labels = [...new Set(r.labels.map((l) => clip(l)))].slice(0, MAX_LABELS);
    await this.db.transaction(async (tx) => {
      await tx.run(UPSERT, [
        id,
        clip(r.repo),
        clip(r.workflow),
        clip(r.workflowName),
        clip(r.jobName),
        r.jobId,
        r.jobUrl && clip(r.jobUrl),
        r.runId,
        r.runAttempt,
        r.headSha,
        r.branch && clip(r.branch),
        r.pr,
        r.rootCause,
        r.rootTitle && clip(r.rootTitle),
        r.category,
        r.keyCapture && clip(r.keyCapture),
        r.captures && clip(r.captures, 4000),
        r.evidenceLine,
        r.classification,
        r.runnerName && clip(r.runnerName),
        r.logBytes,
        r.jobStartedAt,
        r.diagnosedAt,
      ]);
      await tx.run('DELETE FROM diagnosis_labels WHERE diagnosis_id = ?', [id]);
      for (const label of labels) {
        await tx.run('INSERT INTO diagnosis_labels (diagnosis_id, label) VALUES (?, ?)', [id, label]);
      }
    });
  }

  /** A stored diagnosis of one job of one run attempt, so its log is not downloaded again. */
  async findJob(repo: string, runId: number, runAttempt: number, jobId: number): Promise<DiagnosisRecord | null> {
    const rows = await this.db.all('SELECT * FROM diagnoses WHERE id = ?', [recordId(repo, runId, runAttempt, jobId)]);
    return rows[0] ? toRecord(rows[0], []) : null;
  }

  /** Earlier attempts' failures of a run that has now passed are flaky, not new. Returns rows changed. */
  async markFlaky(repo: string, runId: number, beforeAttempt: number): Promise<number> {
    return this.db.run(
      `UPDATE diagnoses SET classification = 'flaky'
        WHERE repo = ? AND run_id = ? AND run_attempt < ? AND classification IN ('new', 'unknown')`,
      [repo, runId, beforeAttempt],
    );
  }

  /** Deletes what is older than `days` days (HISTORY_DAYS); returns rows deleted. */
  async prune(days: number, now = Date.now()): Promise<number> {
    const cutoff = now - days * DAY_MS;
    // Labels first: SQLite connections opened elsewhere may not enforce the cascade.
    await this.db.run(
      'DELETE FROM diagnosis_labels WHERE diagnosis_id IN (SELECT id FROM diagnoses WHERE diagnosed_at < ?)',
      [cutoff],
    );
    return this.db.run('DELETE FROM diagnoses WHERE diagnosed_at < ?', [cutoff]);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

export function recordId(repo: string, runId: number, attempt: number, jobId: number): string {
  return `${repo}#${runId}#${attempt}#${jobId}`;
}

function clip(s: string, max = MAX_TEXT): string {
  return s.length > max ? s.slice(0, max) : s;
}

export function toRecord(row: Row, labels: string[]): DiagnosisRecord {
  const num = (k: string) => (row[k] === null || row[k] === undefined ? null : Number(row[k]));
  const str = (k: string) => (row[k] === null || row[k] === undefined ? null : String(row[k]));
  return {
    repo: String(row.repo), workflow: String(row.workflow), workflowName: String(row.workflow_name),
    jobName: String(row.job_name), jobId: Number(row.job_id), jobUrl: str('job_url'), runId: Number(row.run_id),
    runAttempt: Number(row.run_attempt), headSha: String(row.head_sha), branch: str('branch'), pr: num('pr'),
    rootCause: str('root_cause'), rootTitle: str('root_title'), category: str('category'),
    keyCapture: str('key_capture'), captures: str('captures'), evidenceLine: num('evidence_line'),
    classification: str('classification') as Classification | null, runnerName: str('runner_name'), labels,
    logBytes: Number(row.log_bytes), jobStartedAt: num('job_started_at'), diagnosedAt: Number(row.diagnosed_at),
  };
}
