import type { AuthorizationV1Api, CoreV1Api, CoreV1Event, V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import { k8sRequest, type K8sResult } from './k8s-request.js';

// Every Kubernetes API call the probes make, each timed by k8sRequest and never throwing.
// test/deploy derives the shipped RBAC from the calls in src/cluster: a call added here needs its rule there.

/** GET one pod (RBAC: get pods). */
export function readPod(api: CoreV1Api, namespace: string, name: string, timeoutMs: number): Promise<K8sResult<V1Pod>> {
  return k8sRequest(timeoutMs, (options) => api.readNamespacedPod({ name, namespace }, options));
}

/** GET one ConfigMap (RBAC: get configmaps). */
export function readConfigMap(
  api: CoreV1Api,
  namespace: string,
  name: string,
  timeoutMs: number,
): Promise<K8sResult<V1ConfigMap>> {
  return k8sRequest(timeoutMs, (options) => api.readNamespacedConfigMap({ name, namespace }, options));
}

/** The events about one pod, oldest first (RBAC: list events). Events outlive a deleted pod for about an hour. */
export async function listPodEvents(
  api: CoreV1Api,
  namespace: string,
  podName: string,
  timeoutMs: number,
): Promise<K8sResult<CoreV1Event[]>> {
  const got = await k8sRequest(timeoutMs, (options) =>
    api.listNamespacedEvent(
      { namespace, fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${podName}`, limit: 100 },
      options,
    ),
  );
  return got.ok ? { ok: true, value: got.value.items } : got;
}

export interface AccessQuestion {
  namespace: string;
  serviceAccount: string;
  verb: string;
  resource: string;
  subresource?: string;
}

/**
 * Asks the API server whether a service account may do one thing (SubjectAccessReview; RBAC: create
 * subjectaccessreviews, cluster-scoped). The groups are the ones every service account token carries.
 */
export async function reviewAccess(
  api: AuthorizationV1Api,
  q: AccessQuestion,
  timeoutMs: number,
): Promise<K8sResult<boolean>> {
  const got = await k8sRequest(timeoutMs, (options) =>
    api.createSubjectAccessReview(
      {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            user: `system:serviceaccount:${q.namespace}:${q.serviceAccount}`,
            groups: ['system:serviceaccounts', `system:serviceaccounts:${q.namespace}`, 'system:authenticated'],
            resourceAttributes: {
              namespace: q.namespace,
              verb: q.verb,
              group: '',
              resource: q.resource,
              ...(q.subresource ? { subresource: q.subresource } : {}),
            },
          },
        },
      },
      options,
    ),
  );
  return got.ok ? { ok: true, value: got.value.status?.allowed === true } : got;
}

/**
 * DELETE one pod (RBAC: delete pods, only in the optional `runner-doctor-remediate` Role).
 * The uid precondition makes sure we delete the pod we looked at, not a new one with the same name.
 */
export function deletePod(
  api: CoreV1Api,
  namespace: string,
  name: string,
  uid: string,
  timeoutMs: number,
): Promise<K8sResult<V1Pod>> {
  return k8sRequest(timeoutMs, (options) =>
    api.deleteNamespacedPod({ name, namespace, body: { preconditions: { uid } } }, options),
  );
}
