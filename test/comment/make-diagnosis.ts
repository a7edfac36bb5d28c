import type { Diagnosis, Evidence, Finding } from '../../src/engine/types.js';

/** Test data: a finding with sensible defaults. */
export function finding(over: Partial<Finding> & Pick<Finding, 'id' | 'title' | 'role'>): Finding {
  return {
    category: 'k8s-hooks',
    priority: 50,
    confidence: 'high',
    inferred: false,
    evidence: [],
    matchCount: over.evidence?.length ?? 0,
    captures: {},
    explanation: '',
    fix: null,
    references: [],
    folded: [],
    ...over,
  };
}

export function evidence(over: Partial<Evidence> & Pick<Evidence, 'line' | 'text'>): Evidence {
  return { source: 'job:1', step: null, stepNumber: null, stepLine: null, matchedBy: 'x/y', ...over };
}

/** A diagnosis whose root cause is the first finding with role `root-cause`. */
export function diagnosis(findings: Finding[], over: Partial<Diagnosis> = {}): Diagnosis {
  const rootCause = findings.find((f) => f.role === 'root-cause') ?? null;
  return {
    version: 1,
    summary: rootCause ? `Root cause: ${rootCause.title} (${rootCause.id}).` : 'No known failure signature matched this log.',
    rootCause,
    findings,
    stats: { bytes: 2048, lines: 40, ms: 3 },
    nextSteps: [],
    notes: [],
    ...over,
  };
}

/** The seed case: a stale workflow pod, with one symptom and one harmless message. */
export function podExistsDiagnosis(): Diagnosis {
  const root = finding({
    id: 'hook/job-pod-exists',
    title: 'A workflow pod from an earlier run still exists',
    role: 'root-cause',
    evidence: [
      evidence({
        line: 12,
        step: 'Initialize containers',
        stepNumber: 2,
        stepLine: 7,
        text: '##[error]Error: failed to create job pod: pods "arc-runner-x7k2p-workflow" already exists',
      }),
    ],
    matchCount: 1,
    explanation: 'The hook names the job pod `<runner pod>-workflow`; a pod from an earlier run (<runner>) is still there.',
    fix: {
      summary: 'Delete the stale pod `arc-runner-x7k2p-workflow`, then re-run the job.',
      steps: ['Check what holds the old pod.', 'Delete it and re-run.'],
      commands: ['kubectl delete pod arc-runner-x7k2p-workflow -n <namespace>'],
      diff: null,
    },
    references: ['https://github.com/actions/runner-container-hooks/issues/1'],
  });
  const symptom = finding({
    id: 'runner/container-hook-failed',
    title: "The runner's container hook failed",
    role: 'symptom',
    evidence: [evidence({ line: 14, step: 'Initialize containers', stepNumber: 2, stepLine: 9, text: 'Error: Executing the custom container implementation failed.' })],
  });
  const noise = finding({
    id: 'noise/buffer-deprecation',
    title: "Node's Buffer() deprecation warning",
    role: 'noise',
    evidence: [evidence({ line: 5, step: 'Initialize containers', stepNumber: 2, stepLine: 1, text: '(node:68) [DEP0005] DeprecationWarning: Buffer() is deprecated' })],
    matchCount: 2,
    explanation: 'DEP0005 is harmless: the hook itself prints it. It appears in passing jobs too.',
  });
  return diagnosis([root, symptom, noise]);
}
