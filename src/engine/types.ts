/**
 * The engine's public data shapes. Pure data: the CLI, the app, the fix generators and the
 * cluster probes all speak these types, and the JSON output (`version: 1`) is built from them.
 */

import type { Captures, Confidence, Role } from '../model/catalog.js';

// The catalog's words, which every consumer of a diagnosis speaks too.
export type { Captures, Confidence, Role };

/** One step of a job as the GitHub API returns it (`GET .../jobs`, `steps[]`). */
export interface ApiStep {
  name: string;
  number: number;
  status?: string;
  conclusion?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
}

/** What the caller knows about the job beyond its log (all optional). */
export interface JobContext {
  /** Job name (display name from the API, or the workflow key). */
  name?: string;
  /** The job's `container` image, when known (from the workflow file). */
  containerImage?: string;
  /** True when the image comes from an expression (`${{ ... }}`) or a matrix. */
  containerImageIsExpression?: boolean;
  /** Service container images, keyed by service name. */
  services?: Record<string, string>;
  /** Runner labels (`runs-on` or the API's `labels`). */
  runnerLabels?: string[];
  /** The runner's name (ARC names the runner pod after it). */
  runnerName?: string;
  /** Steps from the API: used to map lines to steps by time. */
  steps?: ApiStep[];
}

export interface Evidence {
  /** Where the line came from: a file path, `stdin`, or `job:<id>`. */
  source: string;
  /** 1-based line number within the whole log. */
  line: number;
  /** Step name, or null when unknown. */
  step: string | null;
  /** 1-based step number when known (from the API's steps[]), for `#step:N:L` links. */
  stepNumber: number | null;
  /** 1-based line number within the step, when the step is known. */
  stepLine: number | null;
  /** The line as shown to people: timestamp, BOM and ANSI codes removed. */
  text: string;
  /** Catalog entry id that produced this evidence (differs from the finding's id when folded). */
  matchedBy: string;
}

export interface FixSuggestion {
  summary: string;
  steps: string[];
  commands: string[];
  /** Unified diff (git style, a/ b/ paths) or null when no diff can be made. */
  diff: string | null;
  /** Name of the fix generator that can build a diff from files (catalog `fix.generator`). */
  generator?: string | null;
  /** Why no diff was produced, when a generator was named but could not make one. */
  diffUnavailableReason?: string | null;
  /** Files the diff touches, repository-relative. */
  files?: string[];
  /** Extra snippets (e.g. YAML to paste) when no diff could be made. */
  snippets?: { title: string; language: string; body: string }[];
}

export interface Finding {
  id: string;
  title: string;
  role: Role;
  category: string;
  priority: number;
  confidence: Confidence;
  /** True when the finding was inferred from context (workflow, labels) rather than matched in the log. */
  inferred: boolean;
  evidence: Evidence[];
  /** How many lines matched in all (evidence is capped). */
  matchCount: number;
  captures: Captures;
  explanation: string;
  fix: FixSuggestion | null;
  references: string[];
  /** Ids of findings folded into this one (their evidence was added here). */
  folded: string[];
  /** The live cluster probe that can confirm this finding (catalog `probe:`), when there is one. */
  probe?: string | null;
}

export interface DiagnosisStats {
  bytes: number;
  lines: number;
  ms: number;
}

export interface Diagnosis {
  version: 1;
  summary: string;
  rootCause: Finding | null;
  findings: Finding[];
  stats: DiagnosisStats;
  /** When there is no root cause: what to look at next (markdown lines). */
  nextSteps: string[];
  /** Notes on the input (truncated lines, invalid UTF-8, a log cut by a size cap). */
  notes: string[];
}
