import { describe, expect, it } from 'vitest';
import { describeProbes } from '../../src/cluster/describe-probes.js';
import { diagnosisOf, finding } from './fake-cluster.js';

describe('describeProbes', () => {
  it("says what the stale-pod probe would have read: the runner's pod, not one the log names", () => {
    expect(describeProbes(diagnosisOf(finding('hook/job-pod-exists', { pod: 'coredns-x' })))).toEqual([
      "Live cluster probes are off (set `KUBE_PROBES=1` on the server). They would have read the runner's `<runner>-workflow` pod (phase, age, deletionTimestamp, finalizers, owner, labels) and said why it is stuck.",
    ]);
  });

  it('joins the probes of the root cause and a non-noise symptom, once each', () => {
    const d = diagnosisOf(finding('hook/forbidden'), finding('runner/oom-killed', {}, 'symptom'), finding('hook/pod-not-ready', {}, 'symptom'));
    expect(describeProbes(d)).toEqual([
      "Live cluster probes are off (set `KUBE_PROBES=1` on the server). They would have checked which of the hook's permissions the runner's service account lacks and listed the Role rules to add; and read the status and warning events of the runner pod and its `-workflow` pod (image pulls, scheduling, OOMKilled, eviction).",
    ]);
  });

  it('is empty when no probe applies', () => {
    expect(describeProbes(diagnosisOf(finding('docker/daemon-unavailable')))).toEqual([]);
    expect(describeProbes(diagnosisOf(finding('runner/oom-killed', {}, 'noise')))).toEqual([]);
  });
});
