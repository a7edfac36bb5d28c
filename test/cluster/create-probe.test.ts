import nock from 'nock';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProbe, createProbeFromEnv, probeConfigFromEnv } from '../../src/cluster/create-probe.js';
import type { ProbeConfig } from '../../src/cluster/types.js';
import { RUNNER, diagnosisOf, event, eventList, finding, runnerPod, status, workflowPod } from './fake-cluster.js';
import { API, fakeKubeConfig } from './fake-kube-config.js';

const NS = 'arc-runners';
const WF = `${RUNNER}-workflow`;
const podPath = (name: string, ns = NS) => `/api/v1/namespaces/${ns}/pods/${name}`;
const job = { runnerName: RUNNER, startedAt: '2026-11-28T15:59:00Z' };
const now = () => new Date('2026-11-28T16:00:00Z');

function config(over: Partial<ProbeConfig> = {}): ProbeConfig {
  return { enabled: true, namespaces: [NS], remediateStalePods: false, timeoutMs: 1000, ...over };
}

function logger() {
  const entries: { level: string; obj: object; msg?: string }[] = [];
  return {
    entries,
    info: (obj: object, msg?: string) => entries.push({ level: 'info', obj, msg }),
    warn: (obj: object, msg?: string) => entries.push({ level: 'warn', obj, msg }),
  };
}

function probeWith(over: Partial<ProbeConfig> = {}, log = logger(), kc = fakeKubeConfig()) {
  return createProbe(kc, config(over), log, now);
}

const podExists = diagnosisOf(finding('hook/job-pod-exists', { pod: WF }));

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('probeConfigFromEnv', () => {
  it('is off by default, with the documented defaults', () => {
    expect(probeConfigFromEnv({}, () => 'ignored-when-off')).toEqual({ enabled: false, namespaces: ['arc-runners'], remediateStalePods: false, timeoutMs: 4000 });
  });

  it('reads every variable', () => {
    expect(probeConfigFromEnv({ KUBE_PROBES: '1', KUBE_NAMESPACES: 'arc-runners, ci ,arc-runners', REMEDIATE_STALE_PODS: 'true', KUBE_PROBE_TIMEOUT_MS: '2500' })).toEqual({
      enabled: true,
      namespaces: ['arc-runners', 'ci'],
      remediateStalePods: true,
      timeoutMs: 2500,
    });
  });

  it("defaults the namespace to the pod's own when in a cluster", () => {
    expect(probeConfigFromEnv({ KUBE_PROBES: '1' }, () => 'runners\n').namespaces).toEqual(['runners']);
    expect(probeConfigFromEnv({ KUBE_PROBES: '1' }, () => null).namespaces).toEqual(['arc-runners']);
  });

  it.each([
    [{ KUBE_PROBES: 'on' }, 'KUBE_PROBES=on is not a switch: set KUBE_PROBES=1 to turn it on or leave it unset'],
    [{ REMEDIATE_STALE_PODS: '2' }, 'REMEDIATE_STALE_PODS=2 is not a switch: set REMEDIATE_STALE_PODS=1 to turn it on or leave it unset'],
    [{ KUBE_NAMESPACES: 'arc-runners,Bad_NS' }, 'KUBE_NAMESPACES=arc-runners,Bad_NS has an invalid namespace "Bad_NS": set a comma-separated list of the runners\' namespaces, e.g. KUBE_NAMESPACES=arc-runners'],
    [{ KUBE_PROBE_TIMEOUT_MS: '4s' }, 'KUBE_PROBE_TIMEOUT_MS=4s is not a timeout: set whole milliseconds between 1 and 60000 (default 4000)'],
    [{ KUBE_PROBE_TIMEOUT_MS: '0' }, 'KUBE_PROBE_TIMEOUT_MS=0 is not a timeout: set whole milliseconds between 1 and 60000 (default 4000)'],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => probeConfigFromEnv(env, () => null)).toThrow(message);
  });
});

describe('createProbeFromEnv', () => {
  it('is null when KUBE_PROBES is off', () => {
    expect(createProbeFromEnv({}, logger())).toBeNull();
  });

  it('loads KUBECONFIG and probes that cluster', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-kube-'));
    const file = join(dir, 'config');
    writeFileSync(file, `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: '${API}', insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: from-file } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`);
    const log = logger();
    const probe = createProbeFromEnv({ KUBE_PROBES: '1', KUBECONFIG: file, KUBE_NAMESPACES: NS }, log);
    expect(log.entries).toEqual([{ level: 'info', obj: { namespaces: [NS], timeoutMs: 4000, remediateStalePods: false, server: API }, msg: 'cluster probes on' }]);
    const scope = nock(API).matchHeader('authorization', 'Bearer from-file').get(podPath(WF)).reply(404, status(404, 'NotFound', `pods "${WF}" not found`));
    expect((await probe!({ diagnosis: podExists, job })).lines).toEqual([`Pod \`${WF}\` does not exist in \`arc-runners\`.`, 'It is gone now: re-running the job should work.']);
    expect(scope.isDone()).toBe(true);
  });

  it('fails at start-up naming KUBECONFIG when the file is unreadable', () => {
    expect(() => createProbeFromEnv({ KUBE_PROBES: '1', KUBECONFIG: '/nonexistent/kubeconfig' }, logger())).toThrow(
      /^KUBE_PROBES=1 but the cluster config could not be loaded \(.*\): run in a pod with a service account, set KUBECONFIG to a readable file, or unset KUBE_PROBES$/,
    );
  });
});

describe('createProbeFromEnv with no cluster to talk to', () => {
  const WHAT = 'set KUBECONFIG to a kubeconfig file, run the app in a pod with a service account (deploy/kubernetes), or unset KUBE_PROBES';

  it('stops the start when not in a pod, KUBECONFIG is unset and ~/.kube/config is missing', () => {
    const home = mkdtempSync(join(tmpdir(), 'rd-home-'));
    expect(() => createProbeFromEnv({ KUBE_PROBES: '1', HOME: home }, logger())).toThrow(
      `KUBE_PROBES=1 but there is no cluster to probe: not in a pod (KUBERNETES_SERVICE_HOST is unset), KUBECONFIG is unset and ${join(home, '.kube', 'config')} does not exist: ${WHAT}`,
    );
  });

  it('stops the start in a pod whose service account token is not mounted', () => {
    const env = { KUBE_PROBES: '1', KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    expect(() => createProbeFromEnv(env, logger(), () => false)).toThrow(
      `KUBE_PROBES=1 in a pod without a service account token (/var/run/secrets/kubernetes.io/serviceaccount/token is missing: automountServiceAccountToken: false?): mount the service account's token, ${WHAT}`,
    );
  });

  it('stops the start when the kubeconfig has no current cluster', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-kube-'));
    const file = join(dir, 'config');
    writeFileSync(file, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    expect(() => createProbeFromEnv({ KUBE_PROBES: '1', KUBECONFIG: file }, logger())).toThrow(
      `KUBE_PROBES=1 but the kubeconfig names no current cluster (set current-context): ${WHAT}`,
    );
  });

  it('uses ~/.kube/config when KUBECONFIG is unset', () => {
    const home = mkdtempSync(join(tmpdir(), 'rd-home-'));
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: '${API}' } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`);
    const log = logger();
    expect(createProbeFromEnv({ KUBE_PROBES: '1', HOME: home }, log)).toBeTypeOf('function');
    expect(log.entries[0]).toMatchObject({ level: 'info', obj: { server: API }, msg: 'cluster probes on' });
  });
});

describe('hook/job-pod-exists', () => {
  it('describes the leftover pod and says how to let runner-doctor delete it', async () => {
    const scope = nock(API).get(podPath(WF)).reply(200, workflowPod());
    const report = await probeWith()({ diagnosis: podExists, job });
    expect(report).toEqual({
      lines: [
        `Pod \`${WF}\` in \`arc-runners\` is still there: phase Failed, created 2 h ago, on node node-b, no owner.`,
        `Label \`runner-pod=${RUNNER}\`: the hook's clean-up finds it by that label.`,
        "It is Failed and was never deleted: the earlier job's clean-up did not run (runner pod killed or restarted?).",
        'It is older than this run and not running: set `REMEDIATE_STALE_PODS=1` on the runner-doctor server to delete such pods automatically.',
      ],
    });
    expect(scope.isDone()).toBe(true);
  });

  it('REMEDIATE_STALE_PODS=1 deletes it (only that uid), logs and reports it', async () => {
    const log = logger();
    const scope = nock(API)
      .get(podPath(WF))
      .reply(200, workflowPod())
      .delete(podPath(WF), (body) => body.preconditions?.uid === '9a1e-workflow')
      .reply(200, workflowPod({ deletionTimestamp: '2026-11-28T16:00:00Z' }));
    const report = await probeWith({ remediateStalePods: true }, log)({ diagnosis: podExists, job });
    expect(report.lines.at(-1)).toBe('runner-doctor deleted it (REMEDIATE_STALE_PODS=1): re-run the job.');
    expect(log.entries).toEqual([{ level: 'info', obj: { outcome: 'stale-pod-deleted', pod: WF, namespace: NS }, msg: 'deleted stale workflow pod' }]);
    expect(scope.isDone()).toBe(true);
  });

  it('a forbidden delete is one line and a warning, no action', async () => {
    const log = logger();
    const scope = nock(API)
      .get(podPath(WF))
      .reply(200, workflowPod())
      .delete(podPath(WF))
      .reply(403, status(403, 'Forbidden', `pods "${WF}" is forbidden: User "system:serviceaccount:runner-doctor:runner-doctor" cannot delete resource "pods"`));
    const report = await probeWith({ remediateStalePods: true }, log)({ diagnosis: podExists, job });
    expect(report.lines.at(-1)).toBe(`could not delete pod ${WF} in ns arc-runners: forbidden (403)`);
    expect(log.entries.map((e) => e.level)).toEqual(['warn']);
    expect(scope.isDone()).toBe(true);
  });

  it('never deletes a pod that is already terminating, or one that is running', async () => {
    const scope = nock(API)
      .get(podPath(WF))
      .reply(200, workflowPod({ deletionTimestamp: '2026-11-28T15:30:00Z', finalizers: ['example.com/audit'] }))
      .get(podPath(WF))
      .reply(200, workflowPod({ phase: 'Running' }));
    const probe = probeWith({ remediateStalePods: true });
    // No DELETE is set up: one would fail and add a "could not delete" line.
    const terminating = await probe({ diagnosis: podExists, job });
    expect(terminating.lines.at(-1)).toBe('It is being deleted for 30 min, held by finalizers `example.com/audit`: whatever set them must finish (or remove them) before the name is free.');
    const running = await probe({ diagnosis: podExists, job });
    expect(running.lines.at(-1)).toBe('It is Running and not being deleted: an earlier job on this runner may still be using it.');
    expect(scope.isDone()).toBe(true);
  });

  it('searches every runner namespace for <runner>-workflow; a namespace the log names is not searched', async () => {
    const scope = nock(API)
      .get(podPath(WF))
      .reply(404, status(404, 'NotFound', 'x'))
      .get(podPath(WF, 'arc-runners-2'))
      .reply(404, status(404, 'NotFound', 'x'));
    const d = diagnosisOf(finding('hook/job-pod-exists', { namespace: 'ci' }));
    expect((await probeWith({ namespaces: [NS, 'arc-runners-2'] })({ diagnosis: d, job })).lines).toEqual([
      'The log names namespace `ci`, which is not in `KUBE_NAMESPACES`, so it was not searched.',
      `Pod \`${WF}\` does not exist in \`arc-runners\`, \`arc-runners-2\`.`,
      'It is gone now: re-running the job should work.',
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it("with REMEDIATE_STALE_PODS=1, a pod and namespace named by the log are shown, never read or deleted", async () => {
    // The log (written by whoever opened the PR) points at a system pod; only the runner's own pod is touched.
    const scope = nock(API)
      .get(podPath(WF))
      .reply(200, workflowPod())
      .delete(podPath(WF), (body) => body.preconditions?.uid === '9a1e-workflow')
      .reply(200, workflowPod({ deletionTimestamp: '2026-11-28T16:00:00Z' }));
    const d = diagnosisOf(finding('hook/job-pod-exists', { pod: 'coredns-5d78c9869d-x2x7q', namespace: 'kube-system' }));
    const report = await probeWith({ remediateStalePods: true })({ diagnosis: d, job });
    expect(report.lines.slice(0, 2)).toEqual([
      `The log names pod \`coredns-5d78c9869d-x2x7q\`, not this runner's \`${WF}\`: runner-doctor looked at \`${WF}\` only.`,
      'The log names namespace `kube-system`, which is not in `KUBE_NAMESPACES`, so it was not searched.',
    ]);
    expect(report.lines.at(-1)).toBe('runner-doctor deleted it (REMEDIATE_STALE_PODS=1): re-run the job.');
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['no runner name', {}, 'the job has no runner name'],
    ['a GitHub-hosted runner', { runnerName: 'GitHub Actions 3' }, 'runner `GitHub Actions 3` is not a Kubernetes pod'],
  ])('with %s nothing is read, whatever the log names', async (_name, j, why) => {
    // Net connect is off and no interceptor is set: any request would fail and add a line.
    const d = diagnosisOf(finding('hook/job-pod-exists', { pod: 'coredns-5d78c9869d-x2x7q', namespace: 'kube-system' }));
    const report = await probeWith({ remediateStalePods: true })({ diagnosis: d, job: j });
    expect(report.lines).toEqual([
      `The leftover pod was not looked up: ${why}, and runner-doctor only reads the runner's own \`<runner>-workflow\` pod.`,
      'The log names pod `coredns-5d78c9869d-x2x7q`.',
    ]);
  });

  it('a captured name that is not a Kubernetes name is not shown', async () => {
    const scope = nock(API).get(podPath(WF)).reply(404, status(404, 'NotFound', 'x'));
    const d = diagnosisOf(finding('hook/job-pod-exists', { pod: '@octocat <img src=x>', namespace: '../../etc' }));
    const lines = (await probeWith()({ diagnosis: d, job })).lines;
    expect(lines).toEqual([
      'The log names a namespace that is not a valid Kubernetes name; it was not searched.',
      `Pod \`${WF}\` does not exist in \`arc-runners\`.`,
      'It is gone now: re-running the job should work.',
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    // Immediate answers get a generous timeout so a loaded machine cannot turn them into timeouts.
    ['403', (s: nock.Interceptor) => s.reply(403, status(403, 'Forbidden', 'pods is forbidden')), 'forbidden (403)', 5000],
    ['500', (s: nock.Interceptor) => s.reply(500, status(500, 'InternalError', 'etcdserver: leader changed')),
      'server error (500): etcdserver: leader changed', 5000],
    ['a timeout', (s: nock.Interceptor) => s.delay(2000).reply(200, workflowPod()), 'timed out after 40 ms', 40],
  ])('a read failing with %s is one line, not an error', async (_name, answer, reason, timeoutMs) => {
    const scope = answer(nock(API).get(podPath(WF)));
    const report = await probeWith({ timeoutMs })({ diagnosis: podExists, job });
    expect(report).toEqual({ lines: [`could not read pod ${WF} in ns arc-runners: ${reason}`] });
    expect(scope.isDone()).toBe(true);
  });

  it('no cluster (connection refused) is one line too', async () => {
    nock.enableNetConnect('127.0.0.1:1');
    const report = await probeWith({}, logger(), fakeKubeConfig('https://127.0.0.1:1'))({ diagnosis: podExists, job });
    expect(report).toEqual({ lines: [`could not read pod ${WF} in ns arc-runners: cannot reach the API server (ECONNREFUSED)`] });
  });
});

describe('hook template (hook/duplicate-volume, workspace/event-path-missing, image/node-not-runnable)', () => {
  const template = 'spec:\n  containers:\n    - name: $job\n      volumeMounts:\n        - name: work\n          mountPath: /__w\n';
  const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hook-extension', namespace: NS }, data });

  it.each(['hook/duplicate-volume', 'workspace/event-path-missing', 'image/node-not-runnable'])('%s: reads the live template from the ConfigMap behind the env path', async (id) => {
    const scope = nock(API)
      .get(podPath(RUNNER))
      .reply(200, runnerPod())
      .get(`/api/v1/namespaces/${NS}/configmaps/hook-extension`)
      .reply(200, configMap({ 'default.yaml': template }));
    const report = await probeWith()({ diagnosis: diagnosisOf(finding(id)), job });
    expect(report).toEqual({
      lines: ['Hook template /home/runner/pod-templates/default.yaml comes from ConfigMap `hook-extension` key `default.yaml` in `arc-runners`; the fix below is against that live text.'],
      hookTemplate: { path: 'configmap/arc-runners/hook-extension/default.yaml', text: template },
    });
    expect(scope.isDone()).toBe(true);
  });

  it('a forbidden ConfigMap, a missing key and a runner without a template are one line each', async () => {
    const d = diagnosisOf(finding('hook/duplicate-volume'));
    const scope = nock(API)
      .get(podPath(RUNNER))
      .reply(200, runnerPod())
      .get(`/api/v1/namespaces/${NS}/configmaps/hook-extension`)
      .reply(403, status(403, 'Forbidden', 'configmaps "hook-extension" is forbidden'))
      .get(podPath(RUNNER))
      .reply(200, runnerPod())
      .get(`/api/v1/namespaces/${NS}/configmaps/hook-extension`)
      .reply(200, configMap({ 'other.yaml': template }))
      .get(podPath(RUNNER))
      .reply(200, runnerPod({ template: false }));
    const probe = probeWith();
    expect((await probe({ diagnosis: d, job })).lines).toEqual(['could not read configmap hook-extension in ns arc-runners: forbidden (403)']);
    expect((await probe({ diagnosis: d, job })).lines).toEqual(['ConfigMap `hook-extension` in `arc-runners` has no key `default.yaml` (the runner reads /home/runner/pod-templates/default.yaml).']);
    expect(await probe({ diagnosis: d, job })).toEqual({
      lines: [`Runner pod \`${RUNNER}\`: no container sets ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE (the hook runs without a template).`],
    });
    expect(scope.isDone()).toBe(true);
  });

  it('without a runner name it asks nothing', async () => {
    const report = await probeWith()({ diagnosis: diagnosisOf(finding('hook/duplicate-volume')), job: { runnerName: null } });
    expect(report.lines).toEqual(['The job has no runner name, so the runner pod (and its hook template) is unknown.']);
  });
});

describe('pod health (hook/pod-not-ready, runner/oom-killed, runner/disk-full, runner/lost-communication)', () => {
  const events = (name: string) => ({ fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${name}`, limit: '100' });

  it.each(['hook/pod-not-ready', 'runner/oom-killed', 'runner/disk-full', 'runner/lost-communication'])('%s: status and warning events of the runner and workflow pods', async (id) => {
    const oomRunner = runnerPod();
    oomRunner.status.containerStatuses[0] = {
      ...oomRunner.status.containerStatuses[0]!,
      restartCount: 1,
      lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
    } as never;
    const scope = nock(API)
      .get(podPath(RUNNER))
      .reply(200, oomRunner)
      .get(`/api/v1/namespaces/${NS}/events`)
      .query(events(RUNNER))
      .reply(200, eventList())
      .get(podPath(WF))
      .reply(404, status(404, 'NotFound', `pods "${WF}" not found`))
      .get(`/api/v1/namespaces/${NS}/events`)
      .query(events(WF))
      .reply(200, eventList(event(WF, 'FailedScheduling', '0/3 nodes are available: 3 Insufficient memory.', '2026-11-28T15:59:10Z', 4)));
    const report = await probeWith()({ diagnosis: diagnosisOf(finding(id)), job });
    expect(report).toEqual({
      lines: [
        `Pod \`${RUNNER}\`: phase Running.`,
        `Container \`runner\` of \`${RUNNER}\` restarted 1 time(s); last exit: OOMKilled (exit code 137).`,
        `Pod \`${WF}\` does not exist in \`arc-runners\`.`,
        `Event on \`${WF}\`: FailedScheduling (×4) — 0/3 nodes are available: 3 Insufficient memory.`,
      ],
    });
    expect(scope.isDone()).toBe(true);
  });

  it('forbidden events are one line per pod; the pod status still shows', async () => {
    const scope = nock(API)
      .get(podPath(RUNNER))
      .reply(200, runnerPod())
      .get(`/api/v1/namespaces/${NS}/events`)
      .query(events(RUNNER))
      .reply(403, status(403, 'Forbidden', 'events is forbidden'))
      .get(podPath(WF))
      .reply(200, workflowPod({ phase: 'Pending' }))
      .get(`/api/v1/namespaces/${NS}/events`)
      .query(events(WF))
      .delay(2000)
      .reply(200, eventList());
    const report = await probeWith({ timeoutMs: 200 })({ diagnosis: diagnosisOf(finding('hook/pod-not-ready')), job });
    expect(report.lines).toEqual([
      `could not list events of pod ${RUNNER} in ns arc-runners: forbidden (403)`,
      `Pod \`${RUNNER}\`: phase Running.`,
      `No warning events or failed containers on \`${RUNNER}\`.`,
      `could not list events of pod ${WF} in ns arc-runners: timed out after 200 ms`,
      `Pod \`${WF}\`: phase Pending.`,
      `No warning events or failed containers on \`${WF}\`.`,
    ]);
    expect(scope.isDone()).toBe(true);
  });
});

describe('hook/forbidden', () => {
  const SA = 'arc-runner-set-gha-rs-no-permission';
  type Attrs = { verb: string; resource: string; subresource?: string; namespace: string; group: string };
  const checked: Attrs[] = [];
  // The account may do everything except exec into pods.
  const answer = (_uri: string, body: { spec: { user: string; groups: string[]; resourceAttributes: Attrs } }) => {
    checked.push(body.spec.resourceAttributes);
    const allowed = body.spec.resourceAttributes.subresource !== 'exec';
    return [201, { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: body.spec, status: { allowed, ...(allowed ? { reason: 'RBAC: allowed by RoleBinding' } : {}) } }] as const;
  };

  beforeEach(() => {
    checked.length = 0;
  });

  it("asks about every permission the hook needs, as the runner's service account, and lists the rules to add", async () => {
    const scope = nock(API)
      .get(podPath(RUNNER))
      .reply(200, runnerPod({ serviceAccountName: SA }))
      .post('/apis/authorization.k8s.io/v1/subjectaccessreviews', (b) =>
        b.spec.user === `system:serviceaccount:${NS}:${SA}` && b.spec.groups.includes(`system:serviceaccounts:${NS}`))
      .times(13)
      .reply(answer as never);
    const d = diagnosisOf(finding('hook/forbidden', { namespace: NS, serviceAccount: SA, verb: 'create', resource: 'pods/exec' }));
    const report = await probeWith()({ diagnosis: d, job });
    expect(checked.map((a) => `${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ''} in ${a.namespace}`)).toEqual([
      'get pods in arc-runners', 'list pods in arc-runners', 'create pods in arc-runners', 'delete pods in arc-runners',
      'get pods/exec in arc-runners', 'create pods/exec in arc-runners',
      'get pods/log in arc-runners', 'list pods/log in arc-runners', 'watch pods/log in arc-runners',
      'get secrets in arc-runners', 'list secrets in arc-runners', 'create secrets in arc-runners', 'delete secrets in arc-runners',
    ]);
    expect(report).toEqual({
      lines: [
        `Service account \`${NS}/${SA}\` lacks: get pods/exec, create pods/exec.`,
        'Add to the Role bound to it in `arc-runners`: `{apiGroups: [""], resources: ["pods/exec"], verbs: [get, create]}`',
      ],
      snippets: [{ title: 'Role rules to add in arc-runners', language: 'yaml', body: 'rules:\n- apiGroups: [""]\n  resources: ["pods/exec"]\n  verbs: ["get", "create"]\n' }],
    });
    expect(scope.isDone()).toBe(true);
  });

  it("asks about the runner pod's account: one the log names is shown, not asked about", async () => {
    const scope = nock(API)
      .get(podPath(RUNNER))
      .reply(200, runnerPod({ serviceAccountName: 'runner-sa' }))
      .post('/apis/authorization.k8s.io/v1/subjectaccessreviews', (b) =>
        b.spec.user === `system:serviceaccount:${NS}:runner-sa` && b.spec.resourceAttributes.namespace === NS)
      .times(13)
      .reply(201, { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: {}, status: { allowed: true } });
    const d = diagnosisOf(finding('hook/forbidden', { namespace: 'kube-system', serviceAccount: 'cluster-admin' }));
    const report = await probeWith()({ diagnosis: d, job });
    expect(report.lines).toEqual([
      `The log names service account \`kube-system/cluster-admin\`; the runner pod runs as \`${NS}/runner-sa\`, which is the one checked.`,
      `Service account \`${NS}/runner-sa\` now has every permission the hook needs: the Role was probably fixed after this run; re-run the job.`,
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('without a runner pod nothing is asked', async () => {
    const scope = nock(API).get(podPath(RUNNER)).reply(404, status(404, 'NotFound', 'x'));
    const d = diagnosisOf(finding('hook/forbidden', { namespace: NS, serviceAccount: SA }));
    expect((await probeWith()({ diagnosis: d, job })).lines).toEqual([
      `Pod \`${RUNNER}\` does not exist in \`arc-runners\`.`,
      'The runner pod is gone, so the service account the hook runs as is unknown; its permissions were not checked.',
    ]);
    expect((await probeWith()({ diagnosis: d, job: { runnerName: null } })).lines).toEqual([
      "The hook's permissions were not checked: the job has no runner name, so the service account the hook runs as is unknown.",
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('when runner-doctor may not ask, one line and no more requests', async () => {
    const scope = nock(API)
      .get(podPath(RUNNER))
      .reply(200, runnerPod({ serviceAccountName: SA }))
      .post('/apis/authorization.k8s.io/v1/subjectaccessreviews')
      .reply(403, status(403, 'Forbidden', 'subjectaccessreviews.authorization.k8s.io is forbidden'));
    const d = diagnosisOf(finding('hook/forbidden', { namespace: NS, serviceAccount: SA }));
    expect(await probeWith()({ diagnosis: d, job })).toEqual({
      lines: [`could not check the permissions of service account ${SA} in ns ${NS}: forbidden (403)`],
    });
    expect(scope.isDone()).toBe(true);
  });
});

describe('dispatch', () => {
  it('a diagnosis with no probed finding makes no request', async () => {
    expect(await probeWith()({ diagnosis: diagnosisOf(finding('docker/daemon-unavailable')), job })).toEqual({ lines: [] });
  });
});
