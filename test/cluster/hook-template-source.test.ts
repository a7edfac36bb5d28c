import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { findHookTemplateSource } from '../../src/cluster/hook-template-source.js';
import { runnerPod } from './fake-cluster.js';

const pod = (edit: (p: ReturnType<typeof runnerPod>) => void = () => undefined) => {
  const p = runnerPod();
  edit(p);
  return p as unknown as V1Pod;
};

describe('findHookTemplateSource', () => {
  it('follows the env path to the file in the mounted ConfigMap', () => {
    expect(findHookTemplateSource(pod())).toEqual({ found: true, path: '/home/runner/pod-templates/default.yaml', configMap: 'hook-extension', key: 'default.yaml' });
  });

  it('uses subPath for a single-file mount', () => {
    const p = pod((x) => {
      x.spec.containers[0]!.volumeMounts[1] = { name: 'hook-template', mountPath: '/home/runner/pod-templates/default.yaml', subPath: 'content', readOnly: true } as never;
    });
    expect(findHookTemplateSource(p)).toMatchObject({ found: true, configMap: 'hook-extension', key: 'content' });
  });

  it('maps a projected item path back to its key', () => {
    const p = pod((x) => {
      (x.spec.volumes[1] as { configMap: object }).configMap = { name: 'hook-extension', items: [{ key: 'content', path: 'default.yaml' }] };
    });
    expect(findHookTemplateSource(p)).toMatchObject({ found: true, key: 'content' });
  });

  it.each([
    ['no env', (x: ReturnType<typeof runnerPod>) => { x.spec.containers[0]!.env = []; }, 'no container sets ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE (the hook runs without a template)'],
    ['no mount', (x: ReturnType<typeof runnerPod>) => { x.spec.containers[0]!.volumeMounts = []; }, 'no volume is mounted at /home/runner/pod-templates/default.yaml in container `runner`'],
    ['not a ConfigMap', (x: ReturnType<typeof runnerPod>) => { x.spec.volumes[1] = { name: 'hook-template', emptyDir: {} } as never; }, '/home/runner/pod-templates/default.yaml comes from volume `hook-template`, which is not a ConfigMap'],
    ['item missing', (x: ReturnType<typeof runnerPod>) => { (x.spec.volumes[1] as { configMap: object }).configMap = { name: 'hook-extension', items: [{ key: 'a', path: 'other.yaml' }] }; }, 'ConfigMap `hook-extension` projects no item at default.yaml'],
  ])('says why when there is %s', (_n, edit, reason) => {
    expect(findHookTemplateSource(pod(edit))).toEqual({ found: false, reason });
  });
});
