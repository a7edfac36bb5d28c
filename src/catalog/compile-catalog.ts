import type { Catalog, CatalogEntry, CompiledCatalog, CompiledEntry } from '../model/catalog.js';
import { CONTEXT_CHECKS } from '../engine/context-checks.js';
import { CatalogError } from './catalog-error.js';
import { compilePattern, type KnownPatterns } from './compile-pattern.js';

/**
 * Compiles validated entries (every pattern now, so a broken one is reported at load with its
 * file and entry); checks ids are unique and that references between entries exist.
 * `untrusted` entries (a repository's signatures) get bounded work per job in the engine.
 * `known` holds patterns checked at build time (the built-in catalog's cache): their RE2 programs
 * are compiled on first use instead, as most patterns never see a line that passes the prefilter.
 */
export function compileCatalog(
  catalog: Catalog,
  untrusted: ReadonlySet<CatalogEntry> = new Set(),
  known: KnownPatterns = new Map(),
): CompiledCatalog {
  const byId = new Map<string, CompiledEntry>();
  const entries: CompiledEntry[] = [];
  for (const entry of catalog.entries) {
    const file = entry.file ?? '<catalog>';
    const fail = (field: string | null, problem: string): never => {
      throw new CatalogError(file, entry.id, field, problem);
    };
    const prior = byId.get(entry.id);
    if (prior) fail('id', `duplicate id (also defined in ${prior.entry.file ?? '<catalog>'}); choose another id`);
    const compiled: CompiledEntry = {
      entry,
      patterns: entry.patterns.map((p, i) => compilePattern(p, (problem) => fail(`patterns[${i}]`, problem), known)),
      context: (entry.context ?? []).map((rule, i) => ({
        rule,
        pattern: rule.pattern
          ? compilePattern(rule.pattern, (problem) => fail(`context[${i}].pattern`, problem), known)
          : null,
      })),
      ...(untrusted.has(entry) ? { untrusted: true } : {}),
    };
    byId.set(entry.id, compiled);
    entries.push(compiled);
  }
  const stages = new Set(entries.map((c) => c.entry.stage).filter((s) => s !== undefined));
  for (const c of entries) {
    const fail = (field: string, problem: string): never => {
      throw new CatalogError(c.entry.file ?? '<catalog>', c.entry.id, field, problem);
    };
    const known = (id: string, field: string) => {
      if (!byId.has(id)) fail(field, `no entry has the id ${id}`);
    };
    c.entry.explains?.forEach((id, i) => known(id, `explains[${i}]`));
    c.entry.context?.forEach((r, i) => r.entry && known(r.entry, `context[${i}].entry`));
    c.entry.infer?.forEach((r, i) => {
      r.symptoms.forEach((id, j) => known(id, `infer[${i}].symptoms[${j}]`));
      if (r.check !== undefined && !Object.hasOwn(CONTEXT_CHECKS, r.check)) {
        fail(`infer[${i}].check`, `unknown check; known: ${Object.keys(CONTEXT_CHECKS).join(', ')}`);
      }
      if (r.lastStage !== undefined && !stages.has(r.lastStage)) {
        fail(`infer[${i}].lastStage`, `no entry marks the stage ${r.lastStage}; known: ${[...stages].join(', ')}`);
      }
    });
  }
  return { entries, byId, files: catalog.files };
}
