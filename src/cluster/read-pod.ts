import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { k8sRequest, type K8sResult } from './k8s-request.js';

/** GET one pod (RBAC: get pods). */
export function readPod(api: CoreV1Api, namespace: string, name: string, timeoutMs: number): Promise<K8sResult<V1Pod>> {
  return k8sRequest(timeoutMs, (options) => api.readNamespacedPod({ name, namespace }, options));
}
