import type { CatalogEntry } from '../model/catalog.js';
import type { Captures, FixSuggestion } from './types.js';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Fills `{name}` placeholders with captured values (lists joined with ", "); a value nobody
 * captured stays visible as `<name>` so a command is never silently wrong.
 */
export function fillTemplate(template: string, captures: Captures): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const v = captures[name];
    if (v === undefined) return `<${name}>`;
    return Array.isArray(v) ? v.join(', ') : v;
  });
}

/** The catalog's fix with captures filled in; the diff comes later from the fix generators. */
export function fixFromEntry(entry: CatalogEntry, captures: Captures): FixSuggestion | null {
  if (!entry.fix) return null;
  return {
    summary: fillTemplate(entry.fix.summary, captures),
    steps: (entry.fix.steps ?? []).map((s) => fillTemplate(s, captures)),
    commands: (entry.fix.commands ?? []).map((s) => fillTemplate(s, captures)),
    diff: null,
    generator: entry.fix.generator ?? null,
  };
}
