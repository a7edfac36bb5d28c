import type { Diagnosis } from '../engine/types.js';

/**
 * Whether buildFixes (build-fixes.ts) has anything to do: some finding's fix names a generator.
 * When none does, buildFixes returns an equal diagnosis, so the CLI skips loading the generators,
 * the YAML parser and the diff library (start-up cost, issue 13).
 */
export function wantsGeneratedFix(diagnosis: Diagnosis): boolean {
  const named = (f: Diagnosis['findings'][number] | null) => Boolean(f?.fix?.generator);
  return diagnosis.findings.some(named) || named(diagnosis.rootCause);
}
