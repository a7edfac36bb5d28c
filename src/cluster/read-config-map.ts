import type { CoreV1Api, V1ConfigMap } from '@kubernetes/client-node';
import { k8sRequest, type K8sResult } from './k8s-request.js';

/** GET one ConfigMap (RBAC: get configmaps). */
export function readConfigMap(api: CoreV1Api, namespace: string, name: string, timeoutMs: number): Promise<K8sResult<V1ConfigMap>> {
  return k8sRequest(timeoutMs, (options) => api.readNamespacedConfigMap({ name, namespace }, options));
}
