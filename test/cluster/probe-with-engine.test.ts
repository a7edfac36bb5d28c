import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { createProbe } from '../../src/cluster/create-probe.js';
import { describeProbes } from '../../src/cluster/describe-probes.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { runnerPod, status, workflowPod } from './fake-cluster.js';
import { API, fakeKubeConfig } from './fake-kube-config.js';

// The probes rely on the built-in catalog's ids and capture names; these run the real engine on real log lines.
describe('probes on real diagnoses', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  const probe = () => createProbe(fakeKubeConfig(), { enabled: true, namespaces: ['arc-runners'], remediateStalePods: false, timeoutMs: 1000 }, undefined, () => new Date('2026-11-28T16:00:00Z'));

  it("hook/job-pod-exists: reads the runner's -workflow pod, which the 409 names", async () => {
    const log = '2025-12-27T19:02:11.5312840Z ##[error]Error: Error: failed to create job pod: pods "arc-runner-set-7lzfm-runner-4gq2x-workflow" already exists\n';
    const diagnosis = await diagnose(log, { catalog: await loadCatalog(), source: 'job:1' });
    expect(diagnosis.rootCause?.id).toBe('hook/job-pod-exists');
    const scope = nock(API).get('/api/v1/namespaces/arc-runners/pods/arc-runner-set-7lzfm-runner-4gq2x-workflow').reply(200, workflowPod());
    const report = await probe()({ diagnosis, job: { runnerName: 'arc-runner-set-7lzfm-runner-4gq2x', startedAt: '2026-11-28T15:59:00Z' } });
    expect(report.lines[0]).toBe('Pod `arc-runner-set-7lzfm-runner-4gq2x-workflow` in `arc-runners` is still there: phase Failed, created 2 h ago, on node node-b, no owner.');
    expect(scope.isDone()).toBe(true);
  });

  it("hook/forbidden: checks the runner pod's service account, which the log names", async () => {
    const log = '##[error]Error: Error: failed to create job pod: pods is forbidden: User "system:serviceaccount:arc-runners:runner-sa" cannot create resource "pods" in API group "" in the namespace "arc-runners"\n';
    const diagnosis = await diagnose(log, { catalog: await loadCatalog(), source: 'job:1' });
    expect(diagnosis.rootCause?.id).toBe('hook/forbidden');
    expect(describeProbes(diagnosis)[0]).toContain("checked which of the hook's permissions the runner's service account lacks");
    const scope = nock(API)
      .get('/api/v1/namespaces/arc-runners/pods/r')
      .reply(200, { ...runnerPod({ serviceAccountName: 'runner-sa' }), metadata: { name: 'r', namespace: 'arc-runners' } })
      .post('/apis/authorization.k8s.io/v1/subjectaccessreviews', (b) => b.spec.user === 'system:serviceaccount:arc-runners:runner-sa')
      .reply(403, status(403, 'Forbidden', 'no'));
    expect((await probe()({ diagnosis, job: { runnerName: 'r' } })).lines).toEqual(['could not check the permissions of service account runner-sa in ns arc-runners: forbidden (403)']);
    expect(scope.isDone()).toBe(true);
  });
});
