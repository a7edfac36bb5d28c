import { Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * The app's own figures for `GET /metrics`, on prom-client's default registry (the queue's
 * figures are there too; one endpoint serves them all). Module-level: one set per process.
 * Label values come from the catalog (ids, categories) and fixed words, never from payloads,
 * so the number of series stays bounded.
 */
export const diagnosesTotal = new Counter({
  name: 'runner_doctor_diagnoses_total',
  help: 'Failed jobs diagnosed, by root cause id (none: no known root cause), catalog category and classification',
  labelNames: ['root_cause', 'category', 'classification'] as const,
});

const jobsDiagnosed = { all: 0, unclassified: 0 };

new Gauge({
  name: 'runner_doctor_unclassified_ratio',
  help: 'Share of failed jobs diagnosed since start that had no known root cause (0 to 1)',
  collect() {
    this.set(jobsDiagnosed.all ? jobsDiagnosed.unclassified / jobsDiagnosed.all : 0);
  },
});

export const webhookToComment = new Histogram({
  name: 'runner_doctor_webhook_to_comment_seconds',
  help: 'Time from receiving a workflow_run webhook to the diagnosis being published (comment or check run)',
  buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
});

export const logBytesRead = new Counter({
  name: 'runner_doctor_log_bytes_read_total',
  help: 'Bytes of job logs downloaded and scanned',
});

export const githubApiErrors = new Counter({
  name: 'runner_doctor_github_api_errors_total',
  help: 'GitHub API requests that failed, by HTTP status (0: no response)',
  labelNames: ['status'] as const,
});

export const reruns = new Counter({
  name: 'runner_doctor_reruns_total',
  help: 'Failed jobs re-run automatically (repo config rerun:), by root cause id',
  labelNames: ['root_cause'] as const,
});

/** Counts one diagnosed job. */
export function countDiagnosis(rootCause: string | null, category: string | null, classification: string): void {
  diagnosesTotal.inc({ root_cause: rootCause ?? 'none', category: category ?? 'none', classification });
  jobsDiagnosed.all++;
  if (!rootCause) jobsDiagnosed.unclassified++;
}

/** Counts a failed GitHub API request by its status. */
export function countApiError(err: unknown): void {
  const status = (err as { status?: unknown } | null)?.status;
  githubApiErrors.inc({ status: typeof status === 'number' && status >= 100 && status < 600 ? String(status) : '0' });
}

/** The exposition text and its content type, for an HTTP handler. */
export async function metricsExposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: register.contentType, body: await register.metrics() };
}
