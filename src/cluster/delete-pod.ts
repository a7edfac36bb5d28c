import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { k8sRequest, type K8sResult } from './k8s-request.js';

/**
 * DELETE one pod (RBAC: delete pods, only in the optional `runner-doctor-remediate` Role).
 * The uid precondition makes sure we delete the pod we looked at, not a new one with the same name.
 */
export function deletePod(
  api: CoreV1Api,
  namespace: string,
  name: string,
  uid: string | undefined,
  timeoutMs: number,
): Promise<K8sResult<V1Pod>> {
  return k8sRequest(timeoutMs, (options) =>
    api.deleteNamespacedPod({ name, namespace, body: uid ? { preconditions: { uid } } : {} }, options),
  );
}
