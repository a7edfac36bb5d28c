import { CoreV1Api } from '@kubernetes/client-node';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { k8sRequest } from '../../src/cluster/k8s-request.js';
import { status } from './fake-cluster.js';
import { API, fakeKubeConfig } from './fake-kube-config.js';

describe('k8sRequest', () => {
  const api = fakeKubeConfig().makeApiClient(CoreV1Api);
  const read = (name: string, timeoutMs = 1000) =>
    k8sRequest(timeoutMs, (o) => api.readNamespacedPod({ name, namespace: 'arc-runners' }, o));
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('returns the object, sent with the bearer token', async () => {
    const scope = nock(API).matchHeader('authorization', 'Bearer t').get('/api/v1/namespaces/arc-runners/pods/p').reply(200, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
    const got = await read('p');
    expect(got.ok && got.value.metadata?.name).toBe('p');
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [403, 'Forbidden', 'forbidden (403)'],
    [404, 'NotFound', 'not found (404)'],
    [401, 'Unauthorized', 'unauthorized (401)'],
    [500, 'InternalError', 'server error (500): etcdserver: request timed out'],
  ])('turns a %i Status into a short reason', async (code, reason, expected) => {
    const scope = nock(API).get('/api/v1/namespaces/arc-runners/pods/p').reply(code, status(code, reason, code === 500 ? 'etcdserver: request timed out' : 'x'));
    expect(await read('p')).toEqual({ ok: false, code, reason: expected });
    expect(scope.isDone()).toBe(true);
  });

  it('gives up after the timeout instead of waiting for a slow server', async () => {
    const scope = nock(API).get('/api/v1/namespaces/arc-runners/pods/p').delay(2000).reply(200, {});
    expect(await read('p', 30)).toEqual({ ok: false, code: null, reason: 'timed out after 30 ms' });
    expect(scope.isDone()).toBe(true);
  });

  it('names a refused connection (nothing listens on port 1)', async () => {
    nock.enableNetConnect('127.0.0.1:1');
    const down = fakeKubeConfig('https://127.0.0.1:1').makeApiClient(CoreV1Api);
    const got = await k8sRequest(5000, (o) => down.readNamespacedPod({ name: 'p', namespace: 'arc-runners' }, o));
    expect(got).toEqual({ ok: false, code: null, reason: 'cannot reach the API server (ECONNREFUSED)' });
  });
});
