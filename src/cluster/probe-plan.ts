import type { Diagnosis, Finding } from '../engine/types.js';

export type ProbeKind = 'stale-pod' | 'hook-template' | 'pod-health' | 'access';

/** Which probe answers which catalog finding (pure; the single place to add one). */
export const PROBE_FOR: Record<string, ProbeKind> = {
  'hook/job-pod-exists': 'stale-pod',
  'hook/duplicate-volume': 'hook-template',
  'workspace/event-path-missing': 'hook-template',
  'image/node-not-runnable': 'hook-template',
  'hook/pod-not-ready': 'pod-health',
  'runner/oom-killed': 'pod-health',
  'runner/disk-full': 'pod-health',
  'runner/lost-communication': 'pod-health',
  'hook/forbidden': 'access',
};

/** The probes to run, each once, with the finding that asked for it: root cause first, then other non-noise findings. */
export function planProbes(diagnosis: Diagnosis): { kind: ProbeKind; finding: Finding }[] {
  const findings = [
    ...(diagnosis.rootCause ? [diagnosis.rootCause] : []),
    ...diagnosis.findings.filter((f) => f !== diagnosis.rootCause && f.role !== 'noise'),
  ];
  const plan: { kind: ProbeKind; finding: Finding }[] = [];
  for (const finding of findings) {
    const kind = PROBE_FOR[finding.id];
    if (kind && !plan.some((p) => p.kind === kind)) plan.push({ kind, finding });
  }
  return plan;
}
