import { describe, expect, it } from 'vitest';
import { readHookTemplate } from '../../src/fixes/hook-template-model.js';
import { fixture } from './helpers/git-apply.js';

describe('readHookTemplate', () => {
  it('finds the $job container, its mounts and the volumes', () => {
    const t = readHookTemplate(fixture('hook-templates/deskrun-overlay.yaml'), 'hook.yaml');
    expect(t.containers.map((c) => c.name)).toEqual(['$job']);
    expect(t.containers[0]!.volumeMounts!.children).toHaveLength(10);
    expect(t.volumes!.children).toHaveLength(10);
    expect(t.initContainers).toEqual([]);
  });

  it('explains files that are not a hook template', () => {
    expect(() => readHookTemplate('apiVersion: v1\nkind: ConfigMap\ndata:\n  content: |\n    spec: {}\n', 'cm.yaml')).toThrow(
      'cm.yaml:1:1: this is a ConfigMap: pass the hook extension itself (the YAML inside its `data`)',
    );
    expect(() => readHookTemplate('metadata: {}\n', 'm.yaml')).toThrow(
      'm.yaml:1:1: no `spec:` mapping: a hook template is a pod template with `spec.containers` (the `$job` container) and `spec.volumes`',
    );
  });
});
