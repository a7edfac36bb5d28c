import { LRUCache } from 'lru-cache';
import { RE2JS } from 're2js';
import type { CompiledPattern } from '../model/catalog.js';
import { extractLiterals, MIN_LITERAL_LENGTH } from './extract-literals.js';

// One RE2 program per distinct pattern source: validation and compilation share it, and a
// repository's signatures, re-read per event, are not recompiled each time. Bounded, least
// recently used first out, so a long-running app keeps the programs it uses.
const programs = new LRUCache<string, RE2JS>({ max: 5000 });

function compileRe2(source: string): RE2JS {
  let re = programs.get(source);
  if (!re) {
    re = RE2JS.compile(source);
    programs.set(source, re);
  }
  return re;
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

/** What compilePattern finds out about a pattern that is fine: saved at build time for the built-in catalog. */
export interface PatternFacts {
  literals: string[];
  groupNames: string[];
}

/**
 * Compiles a pattern with RE2 (linear time) and finds its prefilter literals; `fail` gets the problem.
 * A pattern in `known` was checked at build time: its program is compiled when first used.
 */
export function compilePattern(
  source: string,
  fail: (problem: string) => never,
  known: ReadonlyMap<string, PatternFacts> = new Map(),
): CompiledPattern {
  const facts = known.get(source);
  if (facts) {
    let re: RE2JS | undefined;
    return {
      source,
      get re() {
        return (re ??= compileRe2(source));
      },
      literals: [...facts.literals],
      groupNames: [...facts.groupNames],
    };
  }
  const problem = patternProblem(source);
  if (problem) return fail(problem);
  const re = compileRe2(source);
  return {
    source,
    re,
    literals: [...new Set(extractLiterals(source) as string[])],
    groupNames: Object.keys(re.namedGroups()),
  };
}
