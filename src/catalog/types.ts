import type { Confidence, Role } from '../engine/types.js';

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

export interface CatalogExample {
  line: string;
  /** Named captures the first match must yield (subset check). */
  captures?: Record<string, string>;
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
  context?: ContextRule[];
  /** Ids this entry explains: their findings are folded into this one as evidence. */
  explains?: string[];
  explanation: string;
  fix?: {
    summary: string;
    steps?: string[];
    commands?: string[];
    generator?: string;
  };
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
