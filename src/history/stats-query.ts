import type { HistoryStore } from './history-store.js';
import { CLASSIFICATIONS, type Classification } from './types.js';

const DAY_MS = 86_400_000;
const TOP = 10;
const EXAMPLES = 10;
/** Causes drawn in the daily chart (the rest would be unreadable colours). */
const CHART_SERIES = 5;

export interface CauseCount {
  /** Root cause id, or null for jobs with no known root cause (unclassified). */
  id: string | null;
  title: string | null;
  category: string | null;
  count: number;
  /** The same cause in the window just before this one, for the trend. */
  previous: number;
}

export interface WindowStats {
  days: number;
  total: number;
  unclassified: number;
  /** unclassified / total, 0 when there is nothing. */
  unclassifiedShare: number;
  classifications: Record<Classification, number>;
  topCauses: CauseCount[];
}

export interface StatsReport {
  generatedAt: string;
  windows: WindowStats[];
  /** Over the longest window. */
  byRepository: { repo: string; count: number; unclassified: number }[];
  byRunnerLabel: { label: string; count: number }[];
  /** Daily counts of the top causes over the longest window, oldest day first. */
  daily: { days: string[]; series: { id: string; counts: number[] }[] };
  examples: {
    repo: string;
    workflowName: string;
    jobName: string;
    jobUrl: string | null;
    runId: number;
    rootCause: string | null;
    rootTitle: string | null;
    classification: string | null;
    diagnosedAt: string;
  }[];
}

/**
 * The stats page's and `runner-doctor stats`' numbers. Jobs read only for comparison (base-branch
 * runs, classification null) are not counted: they were not reported to anyone.
 */
export async function queryStats(
  store: HistoryStore,
  windows: number[] = [1, 7, 30],
  now = Date.now(),
): Promise<StatsReport> {
  const db = store.db;
  const out: WindowStats[] = [];
  for (const days of windows) out.push(await windowStats(store, days, now));
  const longest = Math.max(...windows);
  const since = now - longest * DAY_MS;
  const byRepository = (
    await db.all(
      `SELECT repo, COUNT(*) AS n, SUM(CASE WHEN root_cause IS NULL THEN 1 ELSE 0 END) AS u FROM diagnoses
        WHERE diagnosed_at >= ? AND classification IS NOT NULL GROUP BY repo ORDER BY n DESC, repo LIMIT ?`,
      [since, TOP],
    )
  ).map((r) => ({ repo: String(r.repo), count: Number(r.n), unclassified: Number(r.u) }));
  const byRunnerLabel = (
    await db.all(
      `SELECT l.label AS label, COUNT(*) AS n FROM diagnosis_labels l JOIN diagnoses d ON d.id = l.diagnosis_id
        WHERE d.diagnosed_at >= ? AND d.classification IS NOT NULL GROUP BY l.label ORDER BY n DESC, l.label LIMIT ?`,
      [since, TOP],
    )
  ).map((r) => ({ label: String(r.label), count: Number(r.n) }));
  const examples = (
    await db.all(
      `SELECT repo, workflow_name, job_name, job_url, run_id, root_cause, root_title, classification, diagnosed_at
        FROM diagnoses WHERE classification IS NOT NULL ORDER BY diagnosed_at DESC, id LIMIT ?`,
      [EXAMPLES],
    )
  ).map((r) => ({
    repo: String(r.repo),
    workflowName: String(r.workflow_name),
    jobName: String(r.job_name),
    jobUrl: r.job_url === null ? null : String(r.job_url),
    runId: Number(r.run_id),
    rootCause: r.root_cause === null ? null : String(r.root_cause),
    rootTitle: r.root_title === null ? null : String(r.root_title),
    classification: r.classification === null ? null : String(r.classification),
    diagnosedAt: new Date(Number(r.diagnosed_at)).toISOString(),
  }));
  return {
    generatedAt: new Date(now).toISOString(),
    windows: out,
    byRepository,
    byRunnerLabel,
    daily: await daily(store, longest, now, out.find((w) => w.days === longest)?.topCauses ?? []),
    examples,
  };
}

async function windowStats(store: HistoryStore, days: number, now: number): Promise<WindowStats> {
  const since = now - days * DAY_MS;
  const before = since - days * DAY_MS;
  const classes = await store.db.all(
    `SELECT classification AS c, COUNT(*) AS n FROM diagnoses
      WHERE diagnosed_at >= ? AND classification IS NOT NULL GROUP BY classification`,
    [since],
  );
  const classifications = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;
  let total = 0;
  for (const r of classes) {
    total += Number(r.n);
    if ((CLASSIFICATIONS as readonly string[]).includes(String(r.c)))
      classifications[r.c as Classification] = Number(r.n);
  }
  const causes = await store.db.all(
    `SELECT root_cause AS id, MAX(root_title) AS title, MAX(category) AS category,
        SUM(CASE WHEN diagnosed_at >= ? THEN 1 ELSE 0 END) AS n,
        SUM(CASE WHEN diagnosed_at < ? THEN 1 ELSE 0 END) AS p
      FROM diagnoses WHERE diagnosed_at >= ? AND classification IS NOT NULL
      GROUP BY root_cause`,
    [since, since, before],
  );
  const topCauses = causes
    .map((r) => ({
      id: r.id === null ? null : String(r.id),
      title: r.title === null ? null : String(r.title),
      category: r.category === null ? null : String(r.category),
      count: Number(r.n),
      previous: Number(r.p),
    }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || String(a.id).localeCompare(String(b.id)))
    .slice(0, TOP);
  const unclassified = Number(
    (
      await store.db.all(
        'SELECT COUNT(*) AS n FROM diagnoses WHERE diagnosed_at >= ? AND classification IS NOT NULL AND ' +
          'root_cause IS NULL',
        [since],
      )
    )[0]?.n ?? 0,
  );
  return { days, total, unclassified, unclassifiedShare: total ? unclassified / total : 0, classifications, topCauses };
}

async function daily(store: HistoryStore, days: number, now: number, top: CauseCount[]): Promise<StatsReport['daily']> {
  // Whole UTC days, today last.
  const today = Math.floor(now / DAY_MS);
  const first = today - days + 1;
  const labels = Array.from({ length: days }, (_, i) => new Date((first + i) * DAY_MS).toISOString().slice(0, 10));
  const ids = top.map((c) => c.id).filter((id): id is string => id !== null).slice(0, CHART_SERIES);
  if (!ids.length) return { days: labels, series: [] };
  const rows = await store.db.all(
    // Integer division on both databases (BIGINT / BIGINT); grouped by position so PostgreSQL sees one expression.
    `SELECT root_cause AS id, diagnosed_at / ${DAY_MS} AS d, COUNT(*) AS n FROM diagnoses
      WHERE diagnosed_at >= ? AND classification IS NOT NULL AND root_cause IN (${ids.map(() => '?').join(', ')})
      GROUP BY 1, 2`,
    [first * DAY_MS, ...ids],
  );
  const series = ids.map((id) => ({ id, counts: new Array<number>(days).fill(0) }));
  for (const r of rows) {
    const s = series.find((x) => x.id === r.id);
    const d = Math.floor(Number(r.d)) - first;
    if (s && d >= 0 && d < days) s.counts[d] = Number(r.n);
  }
  return { days: labels, series };
}
