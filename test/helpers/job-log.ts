import type { Diagnosis } from '../../src/engine/types.js';

/** A GitHub-style job log written for a test (not a corpus log): one timestamp per line, a second apart. */
export function jobLog(lines: string[]): string {
  const at = (i: number) => `${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
  return lines.map((l, i) => `2026-03-01T10:${at(i)}.1000000Z ${l}`).join('\n') + '\n';
}

/** A `run:` step of a bash shell, as the runner prints it, followed by the step's own output. */
export function bashStep(name: string, body: string[]): string[] {
  return [`##[group]Run ${name}`, name, 'shell: /usr/bin/bash -e {0}', '##[endgroup]', ...body];
}

/** The ids of a diagnosis's root causes, in its order. */
export function rootCauseIds(d: Diagnosis): string[] {
  return d.findings.filter((f) => f.role === 'root-cause').map((f) => f.id);
}
