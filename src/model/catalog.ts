/**
 * The vocabulary the catalog and the engine share: what a signature says (roles, confidence,
 * captures, entries as validated from YAML) and what a compiled catalog holds. Types only, so
 * `src/catalog` (which builds these) and `src/engine` (which runs them) both depend on this
 * module and never on each other's internals.
 */
import type { RE2JS } from 're2js';
import type { Re2Program } from './re2-program.js';

export type Role = 'root-cause' | 'symptom' | 'noise';
export type Confidence = 'high' | 'medium' | 'low';

/** Captured values: one string, or every distinct value when a capture matched more than once. */
export type Captures = Record<string, string | string[]>;

/**
 * A context rule: another pattern (or another entry's match) that must, or must not, appear in
 * the same job log, optionally within N lines before or after the entry's match.
 */
export interface ContextRule {
  /** An inline regex (same dialect as `patterns`) ... */
  pattern?: string;
  /** ... or the id of another catalog entry whose match counts. */
  entry?: string;
  /** `true`: the rule holds only if the pattern appears; `false`: only if it does not. */
  present: boolean;
  /** Limit to N lines around the match (omit for anywhere in the job). */
  within?: number;
  /** Where, relative to the match (default `any`). */
  where?: 'before' | 'after' | 'any';
}

/**
 * An inference rule: when the log names no root cause, this entry is the likely one if one of
 * `symptoms` was found and the named check of the job's context (code, like a fix generator)
 * says so, and/or the last container hook stage reached before that symptom is `lastStage`.
 * The finding is marked inferred, with the rule's confidence.
 */
export interface InferRule {
  /** Ids of findings the inference stands on, in order of preference (the first found is the evidence). */
  symptoms: string[];
  /** A named check of the job's context (see src/engine/context-checks.ts). */
  check?: string;
  /** The hook stage (an entry's `stage:`) whose line is the last one before the symptom. */
  lastStage?: string;
  confidence: Confidence;
  /** Markdown put before the entry's explanation; `{symptom}` and the check's captures fill in. */
  lead: string;
}

/**
 * Where in a job an entry's text can come from (catalog `where:`): the runner's own parts of the
 * job, a step that ran through a container hook, the step that failed, or anywhere.
 */
export const WHERE_VALUES = [
  'set-up',
  'initialize-containers',
  'hook',
  'failed-step',
  'stop-containers',
  'complete-job',
  'any',
] as const;
export type Where = (typeof WHERE_VALUES)[number];

/**
 * Where in its line a match may stand (catalog `anchored:`): `start` at the start of the message
 * (after `##[error]`-style markers and `Error: ` prefixes), `error` anywhere in an error line,
 * `message` anywhere in a line that is not a quote (indented, after a `file.go:88:` prefix, a
 * markdown list, quote, table or heading), `any` anywhere.
 */
export const ANCHORED_VALUES = ['start', 'error', 'message', 'any'] as const;
export type Anchored = (typeof ANCHORED_VALUES)[number];

export interface CatalogExample {
  line: string;
  /** Named captures the first match must yield (subset check). */
  captures?: Record<string, string>;
}

export interface CatalogFix {
  summary: string;
  steps?: string[];
  commands?: string[];
  generator?: string;
}

/** A catalog entry exactly as written in YAML (after validation). */
export interface CatalogEntry {
  id: string;
  title: string;
  role: Role;
  category: string;
  /** Higher wins among entries of the same role. 0-100. */
  priority: number;
  /** Confidence of a direct match (default `high`). */
  confidence?: Confidence;
  /** Regexes (RE2 syntax, named captures `(?<name>...)`), any of which matches. */
  patterns: string[];
  /** Where in the job the text can come from (default anywhere). */
  where?: Where[];
  /** Where in its line a match may stand (default anywhere). */
  anchored?: Anchored;
  context?: ContextRule[];
  /** Ids this entry explains: their findings are folded into this one as evidence. */
  explains?: string[];
  /** When to infer this entry from the job's context though no pattern matched. */
  infer?: InferRule[];
  explanation: string;
  fix?: CatalogFix;
  /** The live cluster probe that can confirm this finding (see src/cluster/probe-plan.ts). */
  probe?: string;
  /** A container hook stage this entry's lines mark (`pod-waiting`, `copy-in`, ...), for `infer[].lastStage`. */
  stage?: string;
  /**
   * A wrapper line: where the runner reports a failure whose cause was printed just above it.
   * Among root causes of equal priority, the one closest above a wrapper ranks first.
   */
  wrapper?: boolean;
  /**
   * Next steps (markdown templates) shown when this entry is found but no root cause is:
   * captures fill in, plus `{where}` (line and step of the first evidence) and `{text}` (that line).
   */
  next?: string[];
  references?: string[];
  examples: CatalogExample[];
  counterexamples: string[];
  /** Which file the entry came from (set by the loader, for error messages). */
  file?: string;
}

export interface Catalog {
  entries: CatalogEntry[];
  /** Files that were loaded, in order. */
  files: string[];
}

export interface CompiledPattern {
  source: string;
  /** The RE2 program. */
  readonly re: RE2JS;
  /** Literals for the prefilter: a line can only match if it contains one of them. */
  literals: string[];
  /** Named capture groups. */
  readonly groupNames: string[];
  /**
   * The whole pattern is this text (no groups, no case folding): RE2 itself finds its matches with
   * `indexOf`, so the engine does too, and never compiles the program.
   */
  readonly literal?: string;
  /** Text every match contains (RE2's own prefilter): a line without it cannot match. */
  readonly requires?: Requirement;
  /** How a match of a pattern anchored at the start of the text can begin (src/catalog/start-table.ts). */
  readonly startTable?: StartTable;
  /**
   * The pattern's RE2 program as the build stored it (lib/catalog-programs.json), which the engine runs
   * without compiling `re` (engine/program-matcher.ts); absent or null when there is none usable.
   */
  readonly program?: Re2Program | null;
}

/**
 * A DFA over a line's first ASCII characters (src/catalog/start-table.ts). Numbers are stored as the
 * character codes of strings, each plus START_BASE: in the catalog cache, a string costs a fraction
 * of what an array of numbers costs to parse at every start.
 */
export interface StartTable {
  /** The class of each ASCII character (128 of them). */
  classes: string;
  /** The number of classes. */
  width: number;
  /** At `state * width + class`: the next state (from 0), START_DEAD (no match) or START_OPEN (RE2 decides). */
  next: string;
}
export const START_BASE = 0x32;
export const START_DEAD = -1;
export const START_OPEN = -2;

/** Text a line must contain: a string, all of several requirements, or any of them. */
export type Requirement = string | { all: Requirement[] } | { any: Requirement[] };

export interface CompiledContextRule {
  rule: ContextRule;
  /** Compiled inline pattern (null when the rule names another entry). */
  pattern: CompiledPattern | null;
}

export interface CompiledEntry {
  entry: CatalogEntry;
  patterns: CompiledPattern[];
  context: CompiledContextRule[];
  /** True for repository signatures (`signatures:` in a repo's config): their work per job is bounded. */
  untrusted?: boolean;
}

export interface CompiledCatalog {
  entries: CompiledEntry[];
  byId: Map<string, CompiledEntry>;
  files: string[];
}
