import yaml from 'js-yaml';
import type { Captures, Confidence } from '../engine/types.js';

/** One expectation from a corpus manifest (field meanings are documented at the top of corpus.yaml). */
export interface CorpusCase {
  file: string;
  description: string;
  workflow?: string;
  job?: string;
  rootCause: string | null;
  inferred?: boolean;
  captures?: Captures;
  confidence?: Confidence;
  rootCauseLine?: number;
  line?: number;
  kind?: CorpusKind;
  rootCauseStep?: string | null;
  folded?: string[];
  symptoms?: string[];
  noise?: string[];
  absent?: string[];
  /** Where a real log was copied from (https URL); absent for logs written for tests. */
  source?: string;
  /** Which ends of the public text were cut off (a real log is never cut in the middle). */
  trimmed?: Trimmed;
  /** A known miss: what runner-doctor gets wrong on this real log today, in words. */
  miss?: string;
}

export type CorpusKind = 'green' | 'user-code' | 'infra';
export type Trimmed = 'none' | 'start' | 'end' | 'both';

export const KINDS: readonly CorpusKind[] = ['green', 'user-code', 'infra'];
export const TRIMMED: readonly Trimmed[] = ['none', 'start', 'end', 'both'];

const FIELDS = new Set([
  'file', 'description', 'workflow', 'job', 'rootCause', 'inferred', 'captures', 'confidence',
  'rootCauseLine', 'rootCauseStep', 'folded', 'symptoms', 'noise', 'absent', 'kind', 'line',
  'source', 'trimmed', 'miss',
]);

/** Reads and checks a manifest; a mistake in it names the case, the file and the field. */
export function parseManifest(text: string, filename: string): CorpusCase[] {
  const doc = yaml.load(text, { filename });
  if (!Array.isArray(doc)) throw new Error(`${filename}: expected a list of cases`);
  return doc.map((raw: unknown, i) => {
    const where = `${filename}: case #${i + 1}`;
    if (typeof raw !== 'object' || raw === null) throw new Error(`${where}: expected a mapping`);
    const c = raw as Record<string, unknown>;
    const name = `${where} (${String(c.file)})`;
    for (const k of Object.keys(c)) if (!FIELDS.has(k)) throw new Error(`${name}: unknown field ${k}`);
    if (typeof c.file !== 'string' || !c.file.endsWith('.log') || c.file.split('/').includes('..')) {
      throw new Error(`${where}: field file must name a .log inside the corpus folder`);
    }
    if (typeof c.description !== 'string' || c.description.trim() === '') throw new Error(`${name}: ` +
      `field description is required`);
    if (!('rootCause' in c) || (c.rootCause !== null && typeof c.rootCause !== 'string')) {
      throw new Error(`${name}: field rootCause must be an id or null`);
    }
    if ((c.workflow === undefined) !== (c.job === undefined)) throw new Error(`${name}: give workflow ` +
      `and job together`);
    if (c.kind !== undefined && !KINDS.includes(c.kind as CorpusKind)) {
      throw new Error(`${name}: field kind must be one of ${KINDS.join(', ')}`);
    }
    if (c.kind === 'green' && c.rootCause !== null) throw new Error(`${name}: a green log has rootCause: null`);
    if (c.line !== undefined && c.rootCauseLine !== undefined && c.line !== c.rootCauseLine) {
      throw new Error(`${name}: line and rootCauseLine disagree; give one`);
    }
    if (c.source !== undefined) {
      if (typeof c.source !== 'string' || !/^https:\/\/\S+$/.test(c.source)) throw new Error(`${name}: ` +
        `field source must be an https URL`);
      if (!TRIMMED.includes(c.trimmed as Trimmed)) {
        throw new Error(`${name}: a real log (source) says which ends were cut: trimmed: ${TRIMMED.join(' | ')}`);
      }
      if (c.kind === undefined) throw new Error(`${name}: a real log (source) says its kind: ${KINDS.join(' | ')}`);
      if (c.rootCause !== null && c.line === undefined && c.rootCauseLine === undefined && c.inferred !== true) {
        throw new Error(`${name}: a real log with a root cause gives the line of its evidence (line: N)`);
      }
    } else if (c.trimmed !== undefined) {
      throw new Error(`${name}: trimmed needs source (the URL the log was copied from)`);
    }
    if (c.miss !== undefined && (typeof c.miss !== 'string' || c.miss.trim() === '')) {
      throw new Error(`${name}: field miss must say what is wrong today`);
    }
    return c as unknown as CorpusCase;
  });
}

/** The family of an expected id (`docker/pull-failed` → `docker`), `none` for no root cause. */
export function familyOf(id: string | null): string {
  return id === null ? 'none' : id.split('/')[0]!;
}
