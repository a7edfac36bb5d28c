// The scan plan the build writes for the built-in catalog (lib/catalog-scan-plan.bin) against the plan
// built at run time: the same, field by field and table by table; and never used when it does not fit.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalogCache, buildScanFiles } from '../../src/catalog/build-catalog-cache.js';
import type { CatalogCache } from '../../src/catalog/catalog-cache.js';
import { compileCatalog } from '../../src/catalog/compile-catalog.js';
import { BUILTIN_CATALOG_DIR } from '../../src/catalog/load-catalog.js';
import type { CatalogEntry, CompiledCatalog } from '../../src/model/catalog.js';
import { decodeScanPlan } from '../../src/engine/scan-plan-file.js';
import { presetScanPlan, scanPlanFor, type ScanPlan } from '../../src/engine/scan-plan.js';
import { oneMoreEntry } from '../helpers/inline-catalog.js';
import { expectRefusesDamaged } from '../helpers/damaged-file.js';

const files = readdirSync(BUILTIN_CATALOG_DIR)
  .filter((n) => /\.ya?ml$/.test(n))
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(BUILTIN_CATALOG_DIR, name), 'utf8') }));
const cache = buildCatalogCache(files);
const bytes = buildScanFiles(cache).plan!;
const key = cache.planKey!;

/** The catalog the loader makes of `c` alone (what the build's plan is for); a new object per call. */
function catalogOf(c: CatalogCache, extra: CatalogEntry[] = []): CompiledCatalog {
  const names = Object.keys(c.files);
  const entries = names.flatMap((file) =>
    c.files[file]!.entries.map((e): CatalogEntry => ({ ...e, examples: [], counterexamples: [], file })),
  );
  const known = new Map(Object.entries(c.patterns));
  return compileCatalog({ entries: [...entries, ...extra], files: names }, new Set(), known);
}

/** Everything in a plan, with each planned pattern as where it sits in its catalog (entry, rule, index). */
function planFields(catalog: CompiledCatalog, plan: ScanPlan) {
  const set = plan.literals;
  const where = (owner: number, pattern: unknown) => {
    const o = plan.owners[owner]!;
    const c = catalog.entries[o.entryIndex]!;
    const own = o.ruleIndex === -1;
    const index = own ? c.patterns.indexOf(pattern as never) : c.context[o.ruleIndex]!.pattern === pattern ? 0 : -1;
    return [o.entryIndex, o.ruleIndex, index];
  };
  return {
    literals: set.literals,
    encoded: set.encoded.map((b) => Buffer.from(b).toString('hex')),
    window: set.window,
    maxLength: set.maxLength,
    shift: Buffer.from(set.shift).toString('base64'),
    candidateStart: [...set.candidateStart],
    candidateIds: [...set.candidateIds],
    timestampSkip: set.timestampSkip,
    patternsByLiteral: plan.patternsByLiteral.map((list) =>
      list.map((p) => {
        const { owner, pattern, untrusted, anchored } = p;
        return { owner, at: where(owner, pattern), source: pattern.source, untrusted, anchored };
      }),
    ),
    owners: plan.owners,
    markers: [plan.groupLiteral, plan.endGroupLiteral, plan.errorLiteral, plan.exitCodeLiteral],
    openerLiterals: [...plan.openerLiterals],
  };
}

describe('the scan plan file', () => {
  it('gives, read back, the plan built at run time, table by table', () => {
    const fresh = catalogOf(cache);
    const built = scanPlanFor(fresh);
    expect(built.prebuilt).toBe(false);
    const read = catalogOf(cache);
    const tables = decodeScanPlan(bytes, key);
    expect(tables).not.toBeNull();
    presetScanPlan(read, tables!);
    const loaded = scanPlanFor(read);
    expect(loaded.prebuilt).toBe(true);
    expect(planFields(read, loaded)).toEqual(planFields(fresh, built));
    // The patterns are the catalog's own objects, not copies.
    const first = loaded.patternsByLiteral.flat()[0]!;
    const o = loaded.owners[first.owner]!;
    expect(read.entries[o.entryIndex]!.patterns).toContain(first.pattern);
    expect(loaded.literals.literals.length).toBeGreaterThan(300);
  });

  it('is not read when cut short, of another format, or tied to another cache', () => {
    expectRefusesDamaged(decodeScanPlan, bytes, key);
  });

  it('of another catalog is not read under this one, and not used when preset on this one', () => {
    // The catalog with one entry more in its last file: another cache, another key.
    const more = oneMoreEntry('test/one-more', 'One more');
    const last = files[files.length - 1]!;
    const other = buildCatalogCache([...files.slice(0, -1), { name: last.name, text: `${last.text}${more}` }]);
    expect(Object.keys(other.files)).toEqual(files.map((f) => f.name));
    const otherBytes = buildScanFiles(other).plan!;
    expect(other.planKey).not.toBe(key);
    expect(decodeScanPlan(otherBytes, key)).toBeNull();
    // Even when read, tables that do not fit the catalog are dropped and the plan built.
    const pairs: [CatalogCache, Uint8Array, string][] = [[other, bytes, key], [cache, otherBytes, other.planKey!]];
    for (const [c, file, fileKey] of pairs) {
      const catalog = catalogOf(c);
      presetScanPlan(catalog, decodeScanPlan(file, fileKey)!);
      const plan = scanPlanFor(catalog);
      expect(plan.prebuilt).toBe(false);
      const fresh = catalogOf(c);
      expect(planFields(catalog, plan)).toEqual(planFields(fresh, scanPlanFor(fresh)));
    }
  });

  it('is dropped for a catalog with one entry more (a repository signature, --catalog)', () => {
    const entry: CatalogEntry = {
      id: 'extra-entry',
      title: 'Extra',
      role: 'root-cause',
      category: 'test',
      priority: 50,
      patterns: ['some extra needle'],
      explanation: 'x',
      examples: [],
      counterexamples: [],
    };
    const catalog = catalogOf(cache, [entry]);
    presetScanPlan(catalog, decodeScanPlan(bytes, key)!);
    const plan = scanPlanFor(catalog);
    expect(plan.prebuilt).toBe(false);
    expect(plan.literals.literals).toContain('some extra needle');
  });
});
