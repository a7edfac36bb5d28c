import type { Diagnosis } from '../engine/types.js';

/** Server-side settings for the live cluster probes (from the environment, never from repo config). */
export interface ProbeConfig {
  enabled: boolean;
  /** Namespaces the runners live in (first one is the default). */
  namespaces: string[];
  /** Opt-in: delete a stale `<runner>-workflow` pod for `hook/job-pod-exists`. */
  remediateStalePods: boolean;
  /** Per-request timeout. */
  timeoutMs: number;
}

/** What the app knows about the failed job when it asks the cluster. */
export interface ProbeJob {
  /** The job's `runner_name` from the API; ARC names the runner pod after it. */
  runnerName?: string | null;
  /** When the job (or run) started, ISO 8601: a stale pod is older than this. */
  startedAt?: string | null;
}

/** What the probes saw, ready to go into the comment and the fix generators. */
export interface ProbeReport {
  /** Markdown bullet lines (without the leading `- `), one per observation or failed probe. */
  lines: string[];
  /** The live hook template, when found: fed to the fix generators. */
  hookTemplate?: { path: string; text: string };
  /** Longer text to show as code blocks (e.g. the Role rules a service account lacks). */
  snippets?: { title: string; language: string; body: string }[];
}

export type ProbeDiagnosis = (input: { diagnosis: Diagnosis; job: ProbeJob }) => Promise<ProbeReport>;
