/**
 * What the history store keeps per diagnosed job, and the classification vocabulary. No log
 * text: ids, the root cause, its redacted captures and the evidence's line number.
 */

/** Is it this change? See src/history/classify.ts for how each is decided. */
export type Classification = 'infrastructure' | 'broken-on-base' | 'flaky' | 'new' | 'unknown';

export const CLASSIFICATIONS: readonly Classification[] = [
  'infrastructure',
  'broken-on-base',
  'flaky',
  'new',
  'unknown',
];

export interface DiagnosisRecord {
  repo: string;
  /** Workflow file path. */
  workflow: string;
  workflowName: string;
  jobName: string;
  jobId: number;
  jobUrl: string | null;
  runId: number;
  runAttempt: number;
  headSha: string;
  branch: string | null;
  pr: number | null;
  rootCause: string | null;
  rootTitle: string | null;
  category: string | null;
  /** `name=value` of the root cause's first capture (redacted), compared for "broken on base". */
  keyCapture: string | null;
  /** All captures, redacted, as JSON. */
  captures: string | null;
  evidenceLine: number | null;
  /** null for jobs read only to compare with (base branch runs). */
  classification: Classification | null;
  runnerName: string | null;
  labels: string[];
  logBytes: number;
  /** Epoch ms. */
  jobStartedAt: number | null;
  diagnosedAt: number;
}
