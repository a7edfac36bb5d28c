import type { CompiledCatalog, CompiledPattern } from '../model/catalog.js';
import { LiteralSet } from './line-scanner.js';

/** Marks the start of a step's output (`##[group]Run ...`) and other groups. */
export const GROUP_MARKER = '##[group]';

/** Who a pattern belongs to: a catalog entry, or the inline pattern of one of its context rules. */
export interface PatternOwner {
  entryIndex: number;
  /** -1 for the entry's own patterns, else the context rule's index. */
  ruleIndex: number;
}

export interface ScanPlan {
  literals: LiteralSet;
  /** Literal id -> the patterns to run when a line contains it (`untrusted`: a repository's signature). */
  patternsByLiteral: { owner: number; pattern: CompiledPattern; untrusted: boolean }[][];
  owners: PatternOwner[];
  /** Literal id of GROUP_MARKER. */
  groupLiteral: number;
}

const plans = new WeakMap<CompiledCatalog, ScanPlan>();

/** Builds (once per catalog) the literal automaton and the literal -> pattern index. */
export function scanPlanFor(catalog: CompiledCatalog): ScanPlan {
  const cached = plans.get(catalog);
  if (cached) return cached;
  const literalIds = new Map<string, number>();
  const patternsByLiteral: ScanPlan['patternsByLiteral'] = [];
  const idOf = (lit: string): number => {
    let id = literalIds.get(lit);
    if (id === undefined) {
      id = literalIds.size;
      literalIds.set(lit, id);
      patternsByLiteral.push([]);
    }
    return id;
  };
  const groupLiteral = idOf(GROUP_MARKER);
  const owners: PatternOwner[] = [];
  const addPattern = (owner: number, pattern: CompiledPattern, untrusted: boolean) => {
    for (const lit of pattern.literals) {
      const list = patternsByLiteral[idOf(lit)]!;
      if (!list.some((p) => p.pattern === pattern)) list.push({ owner, pattern, untrusted });
    }
  };
  catalog.entries.forEach((c, entryIndex) => {
    const untrusted = c.untrusted === true;
    const own = owners.push({ entryIndex, ruleIndex: -1 }) - 1;
    for (const p of c.patterns) addPattern(own, p, untrusted);
    c.context.forEach((rule, ruleIndex) => {
      if (!rule.pattern) return;
      const o = owners.push({ entryIndex, ruleIndex }) - 1;
      addPattern(o, rule.pattern, untrusted);
    });
  });
  const plan: ScanPlan = { literals: new LiteralSet([...literalIds.keys()]), patternsByLiteral, owners, groupLiteral };
  plans.set(catalog, plan);
  return plan;
}
