import { RE2JS } from 're2js';
import type { CompiledPattern, Requirement, StartTable } from '../model/catalog.js';
import type { Re2Program } from '../model/re2-program.js';
import { formatProgram, parseProgram } from '../engine/re2-program.js';
import { extractLiterals, MIN_LITERAL_LENGTH } from './extract-literals.js';
import { LruMap } from './lru-map.js';
import { programOf } from './program-of.js';
import { startTableOf } from './start-table.js';

// One RE2 program per distinct pattern source: validation and compilation share it, and a
// repository's signatures, re-read per event, are not recompiled each time. Bounded, least
// recently used first out, so a long-running app keeps the programs it uses.
const programs = new LruMap<string, RE2JS>(5000);
let compiles = 0;

function compileRe2(source: string): RE2JS {
  let re = programs.get(source);
  if (!re) {
    re = RE2JS.compile(source);
    compiles++;
    programs.set(source, re);
  }
  return re;
}

/** RE2 programs compiled by this process so far: tests check a small log's diagnosis needs none. */
export function re2Compiles(): number {
  return compiles;
}

/** What is wrong with a catalog regex (it does not compile, or has no prefilter literal); null when fine. */
export function patternProblem(source: string): string | null {
  try {
    compileRe2(source);
  } catch (err) {
    return (
      `invalid regex ${JSON.stringify(source)}: ${(err as Error).message}. Patterns use RE2 syntax (linear time): ` +
      'no backreferences, lookahead or lookbehind'
    );
  }
  if (extractLiterals(source).some((l) => l === null)) {
    return (
      `regex ${JSON.stringify(source)} has no literal text of at least ${MIN_LITERAL_LENGTH} characters outside ` +
      'groups and classes (in every `|` alternative); add one (e.g. a distinctive word of the message) so lines ' +
      'can be prefiltered'
    );
  }
  return null;
}

/**
 * The text of the program the build stores for a pattern that compiles (lib/catalog-programs.json), or
 * null when it has none the engine runs the same way (program-of.ts).
 */
export function programText(source: string): string | null {
  const parts = programOf(compileRe2(source));
  return parts && formatProgram(source, parts);
}

/** What compilePattern finds out about a pattern that is fine: saved at build time for the built-in catalog. */
export interface PatternFacts {
  literals: string[];
  groupNames: string[];
  /** See CompiledPattern.literal. */
  literal?: string;
  /** See CompiledPattern.requires. */
  requires?: Requirement;
  /** See CompiledPattern.startTable. */
  startTable?: StartTable;
}

// The facts of each pattern source, like its program: a repository's signatures are compiled again
// for each event, and finding the facts (a start table above all) costs more than looking them up.
const factsOf = new LruMap<string, PatternFacts>(5000);

/** The facts of a pattern that compiles (see patternProblem); one object per source, not to be changed. */
export function patternFacts(source: string): PatternFacts {
  let facts = factsOf.get(source);
  if (!facts) {
    const re = compileRe2(source);
    facts = {
      literals: [...new Set(extractLiterals(source) as string[])],
      groupNames: Object.keys(re.namedGroups()),
      ...matchFacts(re),
    };
    factsOf.set(source, facts);
  }
  return facts;
}

/**
 * Compiles a pattern with RE2 (linear time) and finds its prefilter literals; `fail` gets the problem.
 * A pattern in `known` was checked at build time: its program is compiled when first used, if ever
 * (a pattern that is a plain literal never needs it; see CompiledPattern.literal).
 */
export function compilePattern(
  source: string,
  fail: (problem: string) => never,
  known: KnownPatterns = new Map(),
): CompiledPattern {
  const facts = known.get(source);
  if (facts) return new KnownPattern(source, facts, known.program);
  const problem = patternProblem(source);
  if (problem) return fail(problem);
  const { literals, groupNames, ...rest } = patternFacts(source);
  return { source, re: compileRe2(source), literals: [...literals], groupNames: [...groupNames], ...rest };
}

/**
 * Patterns checked at build time, by source (the catalog cache's `patterns`), and the text of the
 * program the build stored for one (lib/catalog-programs.json), when there is one.
 */
export type KnownPatterns = Pick<ReadonlyMap<string, PatternFacts>, 'get'> & {
  program?: (source: string) => string | undefined;
};

/**
 * A pattern checked at build time, its program compiled on first use. A class, not an object literal
 * with a getter: one shape and a getter on the prototype cost a third of the memory per pattern, for
 * the 385 of the built-in catalog made at every start (issue 13). Its arrays are copied: `facts` may be
 * shared (patternFacts keeps one object per source).
 */
class KnownPattern implements CompiledPattern {
  #re: RE2JS | undefined;
  #program: Re2Program | null | undefined;
  readonly #stored: ((source: string) => string | undefined) | undefined;
  readonly literals: string[];
  readonly groupNames: string[];
  // Declared only: set when the facts have them, so the pattern has the same keys a compiled one has.
  declare readonly literal?: string;
  declare readonly requires?: Requirement;
  declare readonly startTable?: StartTable;

  constructor(
    readonly source: string,
    facts: PatternFacts,
    stored?: (source: string) => string | undefined,
  ) {
    this.#stored = stored;
    this.literals = [...facts.literals];
    this.groupNames = [...facts.groupNames];
    if (facts.literal !== undefined) this.literal = facts.literal;
    if (facts.requires !== undefined) this.requires = facts.requires;
    if (facts.startTable !== undefined) this.startTable = facts.startTable;
  }

  get re(): RE2JS {
    return (this.#re ??= compileRe2(this.source));
  }

  /** The stored program, read when first asked for; null when none is stored or it is not this pattern's. */
  get program(): Re2Program | null {
    if (this.#program === undefined) {
      const text = this.#stored?.(this.source);
      const program = text === undefined ? null : parseProgram(this.source, text);
      // Its groups must be the pattern's: the engine reads each of groupNames from it.
      const names = program ? Object.keys(program.groups) : [];
      const same = names.length === this.groupNames.length && this.groupNames.every((n) => names.includes(n));
      this.#program = same ? program : null;
    }
    return this.#program;
  }
}

/** The parts of re2js's Prefilter (its own AND/OR tree of required strings) read here. */
interface Re2Prefilter {
  type: number;
  subs: Re2Prefilter[];
  str: string;
  constructor: { Type?: Record<string, number> };
}

/**
 * What RE2 itself decides about a text without running the program, taken from the compiled
 * program so that the engine can decide the same before compiling it (compiling is most of the
 * cost of a pattern that sees a few lines). RE2.executeEngine answers a pattern that is a plain
 * literal (`prefixComplete`, no groups) with `indexOf(prefix)`, and rejects a text its prefilter
 * rejects before any engine runs. Anything not recognised gives no fact: the program then runs.
 */
function matchFacts(re: RE2JS): Pick<PatternFacts, 'literal' | 'requires' | 'startTable'> {
  const r2 = re.re2();
  if (r2.prefixComplete && r2.numSubexp === 0 && typeof r2.prefix === 'string' && r2.prefix.length > 0) {
    return { literal: r2.prefix };
  }
  const requires = withinScans(requirementOf(r2.prefilter as Re2Prefilter | null));
  const startTable = startTableOf(re);
  return { ...(requires === null ? {} : { requires }), ...(startTable === undefined ? {} : { startTable }) };
}

/**
 * Strings a requirement may search a line for. The engine checks each with its own `includes`,
 * where re2js runs one Aho-Corasick pass for a long `|` list: a repository's pattern with hundreds
 * of alternatives would cost hundreds of scans per line. The built-in patterns need at most 18.
 */
export const MAX_REQUIRED_STRINGS = 32;

function stringsIn(r: Requirement): number {
  if (typeof r === 'string') return 1;
  let n = 0;
  for (const sub of 'all' in r ? r.all : r.any) n += stringsIn(sub);
  return n;
}

/** `r` cut to MAX_REQUIRED_STRINGS: the first parts of an `all` that fit (still necessary), else nothing. */
function withinScans(r: Requirement | null): Requirement | null {
  if (r === null || stringsIn(r) <= MAX_REQUIRED_STRINGS) return r;
  if (typeof r === 'string' || !('all' in r)) return null;
  const kept: Requirement[] = [];
  let n = 0;
  for (const sub of r.all) {
    const k = stringsIn(sub);
    if (n + k > MAX_REQUIRED_STRINGS) continue;
    kept.push(sub);
    n += k;
  }
  if (kept.length === 0) return null;
  return kept.length === 1 ? kept[0]! : { all: kept };
}

/** The prefilter as a Requirement, or null when it accepts every text (or is not understood). */
function requirementOf(pf: Re2Prefilter | null): Requirement | null {
  // Its type codes are read from the class itself, so a renumbering cannot turn one into another.
  const types = pf?.constructor?.Type;
  if (!pf || !types) return null;
  if (pf.type === types.EXACT) return typeof pf.str === 'string' && pf.str.length > 0 ? pf.str : null;
  if (pf.type !== types.AND && pf.type !== types.OR) return null;
  if (!Array.isArray(pf.subs) || pf.subs.length === 0) return null;
  const subs = pf.subs.map(requirementOf);
  if (pf.type === types.AND) {
    // Fewer requirements are still necessary: one not understood is left out.
    const known = subs.filter((s) => s !== null);
    if (known.length === 0) return null;
    return known.length === 1 ? known[0]! : { all: known };
  }
  // Any of them: one that accepts every text makes the whole accept every text.
  if (subs.some((s) => s === null)) return null;
  return { any: subs as Requirement[] };
}
