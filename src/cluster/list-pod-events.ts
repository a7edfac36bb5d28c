import type { CoreV1Api, CoreV1Event } from '@kubernetes/client-node';
import { k8sRequest, type K8sResult } from './k8s-request.js';

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
