import yaml from 'js-yaml';
import type { CatalogEntry } from '../model/catalog.js';
import { CatalogError } from './catalog-error.js';
import { catalogEntrySchema, describeIssue } from './catalog-schema.js';

/** Parses one catalog YAML text: `entries: [...]` or a bare list. Throws CatalogError. */
export function parseCatalogText(text: string, file: string): CatalogEntry[] {
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: file });
  } catch (err) {
    const e = err as yaml.YAMLException;
    const where = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : '';
    throw new CatalogError(`${file}${where}`, null, null, `invalid YAML: ${e.reason ?? e.message}`);
  }
  return entriesFromDoc(doc, file);
}

/** The entries of a parsed catalog document (YAML already loaded). Throws CatalogError. */
export function entriesFromDoc(doc: unknown, file: string): CatalogEntry[] {
  if (doc === undefined || doc === null) return [];
  const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.entries) ? doc.entries : null;
  if (!list) throw new CatalogError(file, null, 'entries', 'expected a top-level `entries:` list of signatures');
  if (isRecord(doc)) {
    const extra = Object.keys(doc).filter((k) => k !== 'entries');
    if (extra.length) {
      throw new CatalogError(file, null, extra[0]!, 'unknown top-level key; only `entries:` is allowed');
    }
  }
  return parseCatalogEntries(list, file);
}

/** Validates entries (from YAML or a repository's config) against the schema. Throws CatalogError. */
export function parseCatalogEntries(raw: unknown, file: string): CatalogEntry[] {
  if (!Array.isArray(raw)) throw new CatalogError(file, null, 'entries', 'expected a list of signatures');
  return raw.map((item, index) => parseEntry(item, file, index));
}

function parseEntry(item: unknown, file: string, index: number): CatalogEntry {
  const label = isRecord(item) && typeof item.id === 'string' ? item.id : `#${index + 1}`;
  const parsed = catalogEntrySchema.safeParse(item);
  if (!parsed.success) {
    const { field, problem } = describeIssue(parsed.error.issues[0]!);
    throw new CatalogError(file, label, field, problem);
  }
  const { examples, ...rest } = parsed.data;
  return {
    ...dropUndefined(rest),
    examples: examples.map((ex) => (typeof ex === 'string' ? { line: ex } : dropUndefined(ex))),
    file,
  };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
