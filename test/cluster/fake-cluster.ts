import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { BUILTIN_CATALOG_DIR } from '../../src/catalog/load-catalog.js';
import type { Diagnosis, Finding } from '../../src/engine/types.js';

/** Entry id -> `probe:` as the built-in catalog says (the engine copies it onto each finding). */
const PROBE_OF = new Map(
  readdirSync(BUILTIN_CATALOG_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => (yaml.load(readFileSync(path.join(BUILTIN_CATALOG_DIR, f), 'utf8')) as { entries: { id: string; probe?: string }[] }).entries)
    .map((e) => [e.id, e.probe ?? null]),
);

/** A v1 Status error body as the API server sends it. */
export function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export function finding(id: string, captures: Finding['captures'] = {}, role: Finding['role'] = 'root-cause'): Finding {
  return {
    id, title: id, role, category: id.split('/')[0]!, priority: 50, confidence: 'high', inferred: false,
    evidence: [], matchCount: 1, captures, explanation: '', fix: null, references: [], folded: [],
    probe: PROBE_OF.get(id) ?? null,
  };
}

export function diagnosisOf(...findings: Finding[]): Diagnosis {
  const rootCause = findings.find((f) => f.role === 'root-cause') ?? null;
  return { version: 1, summary: '', rootCause, findings, stats: { bytes: 1, lines: 1, ms: 1 }, nextSteps: [], notes: [] };
}

export const RUNNER = 'arc-runner-set-7lzfm-runner-4gq2x';

/** A runner pod as ARC creates it in kubernetes mode, with the hook template mounted from a ConfigMap. */
export function runnerPod(over: { template?: boolean; serviceAccountName?: string } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: RUNNER,
      namespace: 'arc-runners',
      uid: '5f0c-runner',
      creationTimestamp: '2026-11-28T15:00:00Z',
      labels: { 'actions.github.com/scale-set-name': 'arc-runner-set' },
      ownerReferences: [{ apiVersion: 'actions.github.com/v1alpha1', kind: 'EphemeralRunner', name: RUNNER, uid: 'e1' }],
    },
    spec: {
      serviceAccountName: over.serviceAccountName ?? 'arc-runner-set-gha-rs-kube-mode',
      nodeName: 'node-a',
      containers: [
        {
          name: 'runner',
          image: 'ghcr.io/actions/actions-runner:latest',
          env: [
            { name: 'ACTIONS_RUNNER_CONTAINER_HOOKS', value: '/home/runner/k8s/index.js' },
            ...(over.template === false ? [] : [{ name: 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE', value: '/home/runner/pod-templates/default.yaml' }]),
          ],
          volumeMounts: [
            { name: 'work', mountPath: '/home/runner/_work' },
            { name: 'hook-template', mountPath: '/home/runner/pod-templates', readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: 'work', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
        { name: 'hook-template', configMap: { name: 'hook-extension', defaultMode: 420 } },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'runner', ready: true, restartCount: 0, image: 'ghcr.io/actions/actions-runner:latest', imageID: '', state: { running: { startedAt: '2026-11-28T15:00:05Z' } } }],
    },
  };
}

/** The leftover `-workflow` pod: Failed, from an earlier run. */
export function workflowPod(over: { deletionTimestamp?: string; finalizers?: string[]; phase?: string; created?: string } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${RUNNER}-workflow`,
      namespace: 'arc-runners',
      uid: '9a1e-workflow',
      creationTimestamp: over.created ?? '2026-11-28T14:00:00Z',
      labels: { 'runner-pod': RUNNER },
      ...(over.deletionTimestamp ? { deletionTimestamp: over.deletionTimestamp, deletionGracePeriodSeconds: 0 } : {}),
      ...(over.finalizers ? { finalizers: over.finalizers } : {}),
    },
    spec: { nodeName: 'node-b', containers: [{ name: 'job', image: 'nixery.dev/shell/nodejs' }] },
    status: { phase: over.phase ?? 'Failed' },
  };
}

/** A `Warning` event about a pod. */
export function event(pod: string, reason: string, message: string, last: string, count = 1) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${pod}.${reason.toLowerCase()}`, namespace: 'arc-runners' },
    involvedObject: { kind: 'Pod', name: pod, namespace: 'arc-runners', apiVersion: 'v1' },
    reason,
    message,
    type: 'Warning',
    count,
    firstTimestamp: last,
    lastTimestamp: last,
    source: { component: 'kubelet' },
  };
}

export function eventList(...items: ReturnType<typeof event>[]) {
  return { apiVersion: 'v1', kind: 'EventList', metadata: { resourceVersion: '1' }, items };
}
