/**
 * What a sticky comment reports: one section per workflow run, one report per failed job. The
 * handlers build these; merge.ts turns them into the comment body; the GitHub I/O only needs to
 * recognise the comment.
 */
import type { Diagnosis } from '../engine/types.js';
import type { JobClassification } from '../history/classify.js';

/** First line of the one comment per PR; the handler also checks the comment's author is the app. */
export const STICKY_MARKER = '<!-- runner-doctor:sticky -->';

/** True when the body is a runner-doctor sticky comment (the caller must still check the author). */
export function isStickyComment(body: string | null | undefined): boolean {
  return typeof body === 'string' && body.replace(/^\uFEFF/, '').trimStart().startsWith(STICKY_MARKER);
}

export interface JobReport {
  jobId: number;
  name: string;
  htmlUrl: string;
  /** null when the log could not be read. */
  diagnosis: Diagnosis | null;
  /** Why the log could not be read, e.g. "the job's log has expired (HTTP 410)". */
  error: string | null;
  logTruncated?: { keptBytes: number; totalBytes: number } | null;
  /** Markdown bullets from the cluster probes. */
  probeLines?: string[];
  /** Code the probes produced (e.g. the Role rules a service account lacks). */
  probeSnippets?: { title: string; language: string; body: string }[];
  /** Is it this change? (src/handlers/classify-jobs.ts); absent when the job was not classified. */
  classification?: JobClassification;
  /** Show only titles for this job (e.g. it ran on a self-hosted runner); overrides CommentOptions.titlesOnly. */
  titlesOnly?: boolean;
}

export interface RunSection {
  /** Stable key: the workflow file path (workflow_run.path) or the workflow id. */
  workflowKey: string;
  workflowName: string;
  runId: number;
  runAttempt: number;
  runUrl: string;
  headSha: string;
  status: 'failed' | 'passed';
  /** ISO time. */
  completedAt: string;
  /** Failed jobs; empty when passed. */
  jobs: JobReport[];
  /** E.g. "logs of private runners hidden by config". */
  notes: string[];
}

export interface CommentOptions {
  titlesOnly?: boolean;
  /** Repo config problems, shown at the top (the defaults were used). */
  configErrors?: string[];
  /** Default 60000 (GitHub's limit is 65536). */
  maxLength?: number;
}
