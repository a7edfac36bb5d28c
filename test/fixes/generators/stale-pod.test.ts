import { describe, expect, it } from 'vitest';
import { fixFor, makeFinding } from '../helpers/git-apply.js';

describe('stale-pod', () => {
  it('commands carry the captured pod and namespace', () => {
    const pod = 'instant-cf-cached-privileged-kubernetes-qt46h-runner-z-workflow';
    const fix = fixFor(makeFinding('hook/job-pod-exists', 'stale-pod', { pod, namespace: 'arc-systems' }), {});
    expect(fix.diff).toBeNull();
    expect(fix.commands).toEqual([
      `kubectl get pod ${pod} -n arc-systems -o wide`,
      `kubectl get pod ${pod} -n arc-systems -o jsonpath='{.metadata.deletionTimestamp} {.metadata.finalizers}'`,
      `kubectl delete pod ${pod} -n arc-systems --wait=false`,
      'kubectl auth can-i delete pods -n arc-systems --as=system:serviceaccount:arc-systems:<runner-service-account>',
    ]);
    expect(fix.steps[2]).toContain('finalizer');
    expect(fix.steps[2]).toContain('`delete` on `pods`');
  });

  it('without a namespace: a placeholder and a step saying which namespace', () => {
    const fix = fixFor(makeFinding('hook/job-pod-exists', 'stale-pod', { pod: 'x-workflow' }), {});
    expect(fix.commands[2]).toBe('kubectl delete pod x-workflow -n <runner-namespace> --wait=false');
    expect(fix.steps).toContain("Use the namespace of the runner pods (`ACTIONS_RUNNER_KUBERNETES_NAMESPACE`, or the scale set's namespace).");
  });
});
