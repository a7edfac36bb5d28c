import type { AuthorizationV1Api } from '@kubernetes/client-node';
import { k8sRequest, type K8sResult } from './k8s-request.js';

export interface AccessQuestion {
  namespace: string;
  serviceAccount: string;
  verb: string;
  resource: string;
  subresource?: string;
}

/**
 * Asks the API server whether a service account may do one thing (SubjectAccessReview; RBAC:
 * create subjectaccessreviews, cluster-scoped). The groups are the ones every service account token carries.
 */
export async function reviewAccess(api: AuthorizationV1Api, q: AccessQuestion, timeoutMs: number): Promise<K8sResult<boolean>> {
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
