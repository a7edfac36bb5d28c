import type { Anchored, CompiledCatalog, CompiledPattern } from '../model/catalog.js';
import { LiteralSet } from './line-scanner.js';
import type { ScanPlanTables } from './scan-plan-file.js';
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
  /** True when read from the build's file (presetScanPlan), false when built here: the same plan either way. */
  prebuilt: boolean;
}

const plans = new WeakMap<CompiledCatalog, ScanPlan>();
const presets = new WeakMap<CompiledCatalog, ScanPlanTables>();

/**
 * Gives scanPlanFor the plan the build computed for `catalog` (the built-in catalog as the build-time
 * cache holds it: see load-catalog.ts). It is checked against the catalog when first used; a plan that
 * does not fit (another catalog) is dropped and the plan built as usual.
 */
export function presetScanPlan(catalog: CompiledCatalog, tables: ScanPlanTables): void {
  if (!plans.has(catalog)) presets.set(catalog, tables);
}

/** The pattern owners of a catalog: each entry's own patterns, then each of its context rules with a pattern. */
function ownersOf(catalog: CompiledCatalog): PatternOwner[] {
  const owners: PatternOwner[] = [];
  catalog.entries.forEach((c, entryIndex) => {
    owners.push({ entryIndex, ruleIndex: -1 });
    c.context.forEach((rule, ruleIndex) => {
      if (rule.pattern) owners.push({ entryIndex, ruleIndex });
    });
  });
  return owners;
}

/** Builds (once per catalog) the literal automaton and the literal -> pattern index, or takes the preset one. */
export function scanPlanFor(catalog: CompiledCatalog): ScanPlan {
  const cached = plans.get(catalog);
  if (cached) return cached;
  const preset = presets.get(catalog);
  presets.delete(catalog);
  const plan = (preset && planFromTables(catalog, preset)) ?? buildScanPlan(catalog);
  plans.set(catalog, plan);
  return plan;
}

function buildScanPlan(catalog: CompiledCatalog): ScanPlan {
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
    prebuilt: false,
  };
  return plan;
}

/**
 * The plan from the build's tables, or null when they do not fit `catalog` (the file belongs to another
 * catalog or code): every planned pattern exists and holds its literal, every pattern literal is planned,
 * the markers and step openers are where the code looks for them.
 */
function planFromTables(catalog: CompiledCatalog, t: ScanPlanTables): ScanPlan | null {
  const owners = ownersOf(catalog);
  if (owners.length !== t.ownerCount) return null;
  const { literals } = t;
  const markers = [
    [t.groupLiteral, GROUP_MARKER],
    [t.endGroupLiteral, END_GROUP_MARKER],
    [t.errorLiteral, ERROR_MARKER],
    [t.exitCodeLiteral, EXIT_CODE_MARKER],
  ] as const;
  if (markers.some(([id, text]) => literals[id] !== text)) return null;
  const openerLiterals = new Map<number, string>();
  for (const id of t.openers) {
    const line = literals[id];
    if (line === undefined || !Object.hasOwn(STEP_OPENERS, line)) return null;
    openerLiterals.set(id, line);
  }
  if (openerLiterals.size !== Object.keys(STEP_OPENERS).length) return null;
  const patternOf = (o: PatternOwner, index: number) => {
    const c = catalog.entries[o.entryIndex]!;
    return o.ruleIndex === -1 ? c.patterns[index] : index === 0 ? c.context[o.ruleIndex]?.pattern : undefined;
  };
  let expected = 0;
  for (const o of owners) {
    const c = catalog.entries[o.entryIndex]!;
    if (o.ruleIndex === -1) for (const p of c.patterns) expected += p.literals.length;
    else expected += c.context[o.ruleIndex]!.pattern!.literals.length;
  }
  if (expected !== t.planned.length / 2) return null;
  const patternsByLiteral: PlannedPattern[][] = [];
  for (let lit = 0; lit < literals.length; lit++) {
    const list: PlannedPattern[] = [];
    for (let k = t.plannedStart[lit]!; k < t.plannedStart[lit + 1]!; k++) {
      const owner = t.planned[2 * k]!;
      const o = owners[owner];
      const pattern = o && patternOf(o, t.planned[2 * k + 1]!);
      if (!o || !pattern || !pattern.literals.includes(literals[lit]!)) return null;
      const c = catalog.entries[o.entryIndex]!;
      const anchored = o.ruleIndex === -1 ? c.entry.anchored : undefined;
      list.push({ owner, pattern, untrusted: c.untrusted === true, anchored });
    }
    patternsByLiteral.push(list);
  }
  return {
    literals: new LiteralSet(literals, { encoded: t.encoded, tables: t.tables, wasmImage: t.wasmImage }),
    patternsByLiteral,
    owners,
    groupLiteral: t.groupLiteral,
    endGroupLiteral: t.endGroupLiteral,
    errorLiteral: t.errorLiteral,
    exitCodeLiteral: t.exitCodeLiteral,
    openerLiterals,
    prebuilt: true,
  };
}

/** The tables of `plan` for the build's file (scan-plan-file.ts), in the indexes planFromTables resolves. */
export function scanPlanTables(catalog: CompiledCatalog, plan: ScanPlan): ScanPlanTables {
  const plannedStart = new Int32Array(plan.patternsByLiteral.length + 1);
  const planned: number[] = [];
  plan.patternsByLiteral.forEach((list, lit) => {
    for (const { owner, pattern } of list) {
      const o = plan.owners[owner]!;
      const index = o.ruleIndex === -1 ? catalog.entries[o.entryIndex]!.patterns.indexOf(pattern) : 0;
      planned.push(owner, index);
    }
    plannedStart[lit + 1] = planned.length / 2;
  });
  const set = plan.literals;
  return {
    literals: [...set.literals],
    encoded: [...set.encoded],
    tables: set,
    ownerCount: plan.owners.length,
    plannedStart,
    planned: Int32Array.from(planned),
    groupLiteral: plan.groupLiteral,
    endGroupLiteral: plan.endGroupLiteral,
    errorLiteral: plan.errorLiteral,
    exitCodeLiteral: plan.exitCodeLiteral,
    openers: Int32Array.from(plan.openerLiterals.keys()),
  };
}
