/** The fields of a workflow run (webhook `workflow_run` or `GET .../actions/runs`) the app uses. */
export interface RunInfo {
  id: number;
  run_attempt: number;
  run_number?: number;
  name: string | null;
  path: string;
  workflow_id: number;
  html_url: string;
  head_sha: string;
  head_branch: string | null;
  status?: string | null;
  conclusion: string | null;
  updated_at: string;
  created_at?: string;
  run_started_at?: string | null;
}

/** Run conclusions that get a diagnosis. */
export const FAILED_CONCLUSIONS = new Set(['failure', 'timed_out', 'startup_failure']);

/**
 * Returns the run when it has what we need, else the name of the first missing or mistyped field
 * (payloads come from the network; a partial one must not throw deep in the handler).
 */
export function readRunInfo(raw: unknown): RunInfo | string {
  if (!raw || typeof raw !== 'object') return 'workflow_run';
  const r = raw as Record<string, unknown>;
  // Ids go into API paths: only positive integers that a double holds exactly.
  const ids = ['id', 'run_attempt', 'workflow_id'] as const;
  for (const k of ids) if (!isPositiveId(r[k])) return `workflow_run.${k}`;
  const strings = ['path', 'html_url', 'head_sha', 'updated_at'] as const;
  for (const k of strings) if (typeof r[k] !== 'string') return `workflow_run.${k}`;
  if (!isWorkflowPath(r.path as string)) return 'workflow_run.path';
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i.test(r.head_sha as string)) return 'workflow_run.head_sha';
  return raw as RunInfo;
}

export function isPositiveId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/**
 * A workflow file is `.github/workflows/<name>.yml|yaml` (GitHub reads no other place); the path
 * is fetched from the repository, so anything else (`..`, absolute, elsewhere) is refused.
 */
export function isWorkflowPath(path: string): boolean {
  return /^\.github\/workflows\/[^/\\]+\.ya?ml$/.test(path) && !path.split('/').includes('..');
}
