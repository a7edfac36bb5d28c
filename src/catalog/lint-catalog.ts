import { stripVTControlCharacters } from 'node:util';
import type { CompiledCatalog } from '../model/catalog.js';
import { matchEntryLine } from '../engine/match-pattern.js';

export interface LintProblem {
  file: string;
  id: string;
  problem: string;
}

/**
 * Runs every entry's examples and counterexamples through the matcher as the engine would see
 * them as log lines (normalised, `anchored:` applied); returns the problems, empty when all pass.
 */
export function lintCatalog(catalog: CompiledCatalog): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const c of catalog.entries) {
    const file = c.entry.file ?? '<catalog>';
    const report = (problem: string) => problems.push({ file, id: c.entry.id, problem });
    c.entry.examples.forEach((ex, i) => {
      const caps = matchEntryLine(c, ex.line);
      if (!caps) {
        report(`examples[${i}] does not match: ${ex.line}`);
        return;
      }
      for (const [k, want] of Object.entries(ex.captures ?? {})) {
        if (caps[k] !== want) {
          report(`examples[${i}] captures ${k}=${JSON.stringify(caps[k] ?? null)}, expected ${JSON.stringify(want)}`);
        }
      }
      // The prefilter must see every example (colour codes aside: the scanner looks past them),
      // or the engine would never run the regex on it.
      const seen = stripVTControlCharacters(ex.line);
      if (!c.patterns.some((p) => p.literals.some((l) => seen.includes(l)))) {
        report(`examples[${i}] lacks every prefilter literal of the patterns`);
      }
    });
    c.entry.counterexamples.forEach((line, i) => {
      if (matchEntryLine(c, line)) report(`counterexamples[${i}] matches but must not: ${line}`);
    });
  }
  return problems;
}
