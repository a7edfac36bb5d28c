import type { Anchored, CompiledCatalog, CompiledPattern } from '../model/catalog.js';
import { LiteralSet } from './line-scanner.js';
import { STEP_OPENERS } from './step-tracker.js';

/** Marks the start of a step's output (`##[group]Run ...`) and other groups. */
export const GROUP_MARKER = '##[group]';
export const END_GROUP_MARKER = '##[endgroup]';
export const ERROR_MARKER = '##[error]';
/** The runner's last line of a script step that failed (`##[error]Process completed with exit code 1.`). */
export const EXIT_CODE_MARKER = 'Process completed with exit code ';

/** Who a pattern belongs to: a catalog entry, or the inline pattern of one of its context rules. */
export interface PatternOwner {
  entryIndex: number;
  /** -1 for the entry's own patterns, else the context rule's index. */
  ruleIndex: number;
}

export interface PlannedPattern {
  owner: number;
  pattern: CompiledPattern;
  untrusted: boolean;
  anchored: Anchored | undefined;
}

export interface ScanPlan {
  literals: LiteralSet;
  /** Literal id -> the patterns to run when a line contains it (`untrusted`: a repository's signature). */
  patternsByLiteral: PlannedPattern[][];
  owners: PatternOwner[];
  /** Literal ids of the markers the step tracker follows. */
  groupLiteral: number;
  endGroupLiteral: number;
  errorLiteral: number;
  exitCodeLiteral: number;
  /** Literal id -> the STEP_OPENERS line it stands for. */
  openerLiterals: Map<number, string>;
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
  const endGroupLiteral = idOf(END_GROUP_MARKER);
  const errorLiteral = idOf(ERROR_MARKER);
  const exitCodeLiteral = idOf(EXIT_CODE_MARKER);
  const openerLiterals = new Map(Object.keys(STEP_OPENERS).map((line) => [idOf(line), line]));
  const owners: PatternOwner[] = [];
  const addPattern = (owner: number, pattern: CompiledPattern, untrusted: boolean, anchored: Anchored | undefined) => {
    for (const lit of pattern.literals) {
      const list = patternsByLiteral[idOf(lit)]!;
      if (list.some((p) => p.pattern === pattern && p.owner === owner)) continue;
      list.push({ owner, pattern, untrusted, anchored });
    }
  };
  catalog.entries.forEach((c, entryIndex) => {
    const untrusted = c.untrusted === true;
    const own = owners.push({ entryIndex, ruleIndex: -1 }) - 1;
    for (const p of c.patterns) addPattern(own, p, untrusted, c.entry.anchored);
    c.context.forEach((rule, ruleIndex) => {
      if (!rule.pattern) return;
      const o = owners.push({ entryIndex, ruleIndex }) - 1;
      addPattern(o, rule.pattern, untrusted, undefined);
    });
  });
  const plan: ScanPlan = {
    literals: new LiteralSet([...literalIds.keys()]),
    patternsByLiteral,
    owners,
    groupLiteral,
    endGroupLiteral,
    errorLiteral,
    exitCodeLiteral,
    openerLiterals,
  };
  plans.set(catalog, plan);
  return plan;
}
