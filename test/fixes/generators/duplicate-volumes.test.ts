import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { changedLines, fixFor, fixture, gitApply, makeFinding } from '../helpers/git-apply.js';

interface Tpl {
  spec: { containers: { name: string; volumeMounts: { name: string; mountPath: string }[] }[]; volumes: { name: string }[] };
}
const TEMPLATE = 'hooks/template.yaml';
const seedCaptures = { volume: ['externals', 'github'], mountPath: ['/__e', '/github'] };
const dup = (captures: Record<string, string | string[]> = seedCaptures) => makeFinding('hook/duplicate-volume', 'duplicate-volumes', captures);

describe('duplicate-volumes', () => {
  it('removes the hooks\' volumes and their mounts from the template (seed fix attempt #3a)', () => {
    const text = fixture('hook-templates/deskrun-duplicate-volumes.yaml');
    const fix = fixFor(dup(), { hookTemplate: { path: TEMPLATE, text } });
    expect(fix.files).toEqual([TEMPLATE]);
    expect(changedLines(fix.diff!)).toEqual({
      added: [],
      removed: [
        '    - name: externals',
        '      mountPath: /__e',
        '    - name: work',
        '      mountPath: /__w',
        '    - name: github',
        '      mountPath: /github',
        '  - name: externals',
        '    emptyDir: {}',
        '  - name: work',
        '    emptyDir: {}',
        '  - name: github',
        '    emptyDir: {}',
      ],
    });
    const doc = yaml.load(gitApply({ [TEMPLATE]: text }, fix.diff!)[TEMPLATE]!) as Tpl;
    expect(doc.spec.containers[0]!.volumeMounts).toEqual([
      { name: 'sys', mountPath: '/sys' },
      { name: 'cache-0', mountPath: '/nix/store-host' },
    ]);
    expect(doc.spec.volumes.map((v) => v.name)).toEqual(['sys', 'cache-0']);
    expect(fix.steps).toContain('Remove from hooks/template.yaml: the `$job` mount `externals` at `/__e`.');
    expect(fix.steps).toContain('Remove from hooks/template.yaml: the volume `github` in `spec.volumes`.');
  });

  it('CRLF template: removes by mount path, keeps CRLF', () => {
    const text = fixture('hook-templates/crlf-duplicate.yaml');
    const fix = fixFor(dup({ mountPath: '/__w' }), { hookTemplate: { path: TEMPLATE, text } });
    const after = gitApply({ [TEMPLATE]: text }, fix.diff!)[TEMPLATE]!;
    expect(after).toBe('spec:\r\n  containers:\r\n    - name: $job\r\n      volumeMounts:\r\n        - name: data\r\n          mountPath: /data\r\n  volumes:\r\n    - name: data\r\n      emptyDir: {}\r\n');
  });

  it('the deskrun overlay has none of them: no diff, says where else to look', () => {
    const text = fixture('hook-templates/deskrun-overlay.yaml');
    const fix = fixFor(dup(), { hookTemplate: { path: TEMPLATE, text } });
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toBe(
      "hooks/template.yaml has none of `externals`, `github`, `work`, `/__e`, `/github`, `/__w`: the duplicate comes from another template or the job's `container.volumes`",
    );
  });

  it('without the template: steps name exactly what to remove', () => {
    const fix = fixFor(dup(), {});
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toBe('no hook template was given (`--hook-template`)');
    expect(fix.steps[1]).toBe(
      'In the hook template (`ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE`) remove the volume `externals` (the hooks mount it at `/__e`) and its mounts; the volume `github` (the hooks mount it at `/github`) and its mounts; the volume `work` (the hooks mount it at `/__w`) and its mounts; any `$job` mount at `/__e`; any `$job` mount at `/github`; any `$job` mount at `/__w`.',
    );
  });
});
