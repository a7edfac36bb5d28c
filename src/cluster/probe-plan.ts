import type { Diagnosis, Finding } from '../engine/types.js';

/** The probes there are; a catalog entry names the one that answers it (`probe:`). */
export const PROBE_KINDS = ['stale-pod', 'hook-template', 'pod-health', 'access'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

function isProbeKind(name: string | null | undefined): name is ProbeKind {
  return (PROBE_KINDS as readonly (string | null | undefined)[]).includes(name);
}

/**
 * The probes to run, each once, with the finding that asked for it: root cause first, then other
 * non-noise findings.
 */
export function planProbes(diagnosis: Diagnosis): { kind: ProbeKind; finding: Finding }[] {
  const findings = [
    ...(diagnosis.rootCause ? [diagnosis.rootCause] : []),
    ...diagnosis.findings.filter((f) => f !== diagnosis.rootCause && f.role !== 'noise'),
  ];
  const plan: { kind: ProbeKind; finding: Finding }[] = [];
  for (const finding of findings) {
    const kind = finding.probe;
    if (isProbeKind(kind) && !plan.some((p) => p.kind === kind)) plan.push({ kind, finding });
  }
  return plan;
}
