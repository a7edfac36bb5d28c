import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { fixFor, fixture, gitApply, makeFinding } from '../helpers/git-apply.js';

interface Tpl {
  spec: { hostPID: boolean; containers: { name: string; volumeMounts: { name: string; mountPath: string }[] }[]; volumes: { name: string }[] };
}
const TEMPLATE = 'pkg/templates/hook-extension.yaml';
const finding = makeFinding('workspace/event-path-missing', 'workspace-volumes', { path: '/github/workflow/event.json' });

describe('workspace-volumes', () => {
  it('removes the gh-ws-*/github-* mounts and volumes (deskrun ed876d9), keeps the rest', () => {
    const text = fixture('hook-templates/deskrun-overlay.yaml');
    const fix = fixFor(finding, { hookTemplate: { path: TEMPLATE, text } });
    const after = gitApply({ [TEMPLATE]: text }, fix.diff!)[TEMPLATE]!;
    const doc = yaml.load(after) as Tpl;
    expect(doc.spec.containers[0]!.volumeMounts.map((m) => m.mountPath)).toEqual([
      '/sys',
      '/sys/fs/cgroup',
      '/dev',
      '/nix/store-host',
      '/nix/var/nix/daemon-socket-host',
    ]);
    expect(doc.spec.volumes.map((v) => v.name)).toEqual(['sys', 'cgroup', 'dev', 'cache-0', 'cache-1']);
    expect(doc.spec.hostPID).toBe(true);
    // Only removals: every line left is a line of the original, in order.
    const original = text.split('\n');
    let i = 0;
    for (const line of after.split('\n')) {
      while (i < original.length && original[i] !== line) i++;
      expect(original[i], `line not in the original: ${line}`).toBe(line);
      i++;
    }
    expect(fix.steps.filter((s) => s.startsWith('Remove from'))).toHaveLength(10);
  });

  it('a template without those mounts: no diff', () => {
    const fix = fixFor(finding, { hookTemplate: { path: TEMPLATE, text: fixture('hook-templates/minimal.yaml') } });
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toBe(
      'pkg/templates/hook-extension.yaml mounts nothing at /__w/_temp, /__w/_actions, /__w/_tool, /github/home, /github/workflow; the event file is missing for another reason',
    );
  });

  it('without a template: lists the paths', () => {
    const fix = fixFor(finding, {});
    expect(fix.steps[1]).toBe(
      'In the hook template remove the `$job` mounts at `/__w/_temp`, `/__w/_actions`, `/__w/_tool`, `/github/home`, `/github/workflow` and the volumes they use.',
    );
  });
});
