import { KubeConfig } from '@kubernetes/client-node';

// Apart from fake-cluster.ts: loading the Kubernetes client takes about a second, which the tests of pure
// functions over pods and events need not pay.

export const API = 'https://k8s.test';

/** A KubeConfig pointing at the fake API server that nock answers for. */
export function fakeKubeConfig(server = API): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}
