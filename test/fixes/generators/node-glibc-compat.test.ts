import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { glibcCompatSnippet } from '../../../src/fixes/generators/node-glibc-compat.js';
import { fixFor, fixture, gitApply, makeFinding } from '../helpers/git-apply.js';

interface Container {
  name: string;
  image?: string;
  args?: string[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodTemplate {
  spec: { initContainers?: Container[]; containers: Container[]; volumes?: { name: string; emptyDir?: object }[] };
}

const notRunnable = (node = 'node20', extra: Record<string, string> = {}) =>
  makeFinding('image/node-not-runnable', 'node-glibc-compat', { node, ...extra });
const nixWorkflow = { path: '.github/workflows/build-and-publish.yml', text: fixture('workflows/build-and-publish.yml') };
const TEMPLATE = 'deploy/hook-extension.yaml';

function checkGlibcCompat(doc: PodTemplate): void {
  const init = doc.spec.initContainers!.find((c) => c.name === 'setup-glibc-compat')!;
  expect(init.image).toBe('ghcr.io/actions/actions-runner:latest');
  const script = init.args![0]!;
  for (const lib of ['ld-linux-x86-64.so.2', 'libc.so.6', 'libm.so.6', 'libpthread.so.0', 'libdl.so.2', 'librt.so.1', 'libstdc++.so.6', 'libgcc_s.so.1']) {
    expect(script).toContain(lib);
  }
  expect(script).toContain('cp -L "/lib/x86_64-linux-gnu/$lib" /glibc-compat/');
  expect(script).toContain('chmod 755 /glibc-compat/*');
  expect(script).toContain('cp -a /home/runner/externals/. /mnt/externals/');
  expect(init.volumeMounts).toEqual([
    { name: 'glibc-compat', mountPath: '/glibc-compat' },
    { name: 'externals', mountPath: '/mnt/externals' },
  ]);
  const job = doc.spec.containers.find((c) => c.name === '$job')!;
  expect(job.volumeMounts!.slice(-2)).toEqual([
    { name: 'glibc-compat', mountPath: '/lib64' },
    { name: 'glibc-compat', mountPath: '/lib/x86_64-linux-gnu' },
  ]);
  expect(doc.spec.volumes!.at(-1)).toEqual({ name: 'glibc-compat', emptyDir: {} });
}

describe('node-glibc-compat, Nix job image', () => {
  it('adds the init container, volume and mounts to the deskrun-style template', () => {
    const text = fixture('hook-templates/deskrun-overlay.yaml');
    const fix = fixFor(notRunnable(), { workflow: nixWorkflow, hookTemplate: { path: TEMPLATE, text } });
    expect(fix.files).toEqual([TEMPLATE]);
    const after = gitApply({ [TEMPLATE]: text }, fix.diff!)[TEMPLATE]!;
    const before = yaml.load(text) as PodTemplate;
    const doc = yaml.load(after) as PodTemplate;
    checkGlibcCompat(doc);
    // Everything that was there is still there, in order.
    expect(doc.spec.containers[0]!.volumeMounts!.slice(0, -2)).toEqual(before.spec.containers[0]!.volumeMounts);
    expect(doc.spec.volumes!.slice(0, -1)).toEqual(before.spec.volumes);
    expect(after).toContain('# GitHub workspace directories (deskrun issue #21)\n');
    expect(after).toContain('          add: ["SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "MKNOD"]\n');
    expect(fix.steps[0]).toContain('has no `/lib64/ld-linux-x86-64.so.2`');
  });

  it('creates volumeMounts and volumes when the template has none', () => {
    const text = fixture('hook-templates/minimal.yaml');
    const fix = fixFor(notRunnable(), { workflow: nixWorkflow, hookTemplate: { path: TEMPLATE, text } });
    const doc = yaml.load(gitApply({ [TEMPLATE]: text }, fix.diff!)[TEMPLATE]!) as PodTemplate & { metadata: unknown };
    checkGlibcCompat(doc);
    expect(doc.metadata).toEqual({ labels: { 'runner-doctor/test': 'true' } });
  });

  it('follows a template that does not indent its list dashes', () => {
    const text = fixture('hook-templates/deskrun-duplicate-volumes.yaml');
    const fix = fixFor(notRunnable(), { workflow: nixWorkflow, hookTemplate: { path: TEMPLATE, text } });
    const after = gitApply({ [TEMPLATE]: text }, fix.diff!)[TEMPLATE]!;
    checkGlibcCompat(yaml.load(after) as PodTemplate);
    expect(after).toContain('\n  initContainers:\n  - name: setup-glibc-compat\n');
    expect(after).toContain('\n  - name: glibc-compat\n    emptyDir: {}\n');
  });

  it('CRLF template: the added lines are CRLF too', () => {
    const text = fixture('hook-templates/crlf-duplicate.yaml');
    const fix = fixFor(notRunnable(), { workflow: nixWorkflow, hookTemplate: { path: TEMPLATE, text } });
    const after = gitApply({ [TEMPLATE]: text }, fix.diff!)[TEMPLATE]!;
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(after).toContain('\r\n    - name: glibc-compat\r\n      emptyDir: {}\r\n');
    checkGlibcCompat(yaml.load(after) as PodTemplate);
  });

  it('a flow-style list in the template: no diff, the reason says why, the snippet is offered', () => {
    const text = 'spec:\n  containers:\n    - name: $job\n      volumeMounts: [{name: a, mountPath: /a}]\n';
    const fix = fixFor(notRunnable(), { workflow: nixWorkflow, hookTemplate: { path: TEMPLATE, text } });
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toMatch(/^cannot edit deploy\/hook-extension\.yaml safely: the list item at offset \d+ is not written as a block item/);
    expect(fix.snippets).toHaveLength(1);
  });

  it('without a template: the same YAML as a snippet', () => {
    const fix = fixFor(notRunnable(), { workflow: nixWorkflow });
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toBe('no hook template was given (`--hook-template`): paste the snippet into it');
    expect(fix.snippets).toEqual([{ title: 'Hook template: glibc-compat init container and mounts', language: 'yaml', body: glibcCompatSnippet() }]);
    const doc = yaml.load(glibcCompatSnippet()) as PodTemplate;
    checkGlibcCompat(doc);
    expect(fix.steps).toContain('Alternative: use a glibc-based job image (Debian/Ubuntu, e.g. `debian:bookworm-slim` with your tools installed); the runner\'s node in `/__e` then runs as is.');
  });

  it('a template that does not parse: reason with line and column, snippet still offered', () => {
    const text = fixture('hook-templates/broken.yaml');
    const fix = fixFor(notRunnable(), { workflow: nixWorkflow, hookTemplate: { path: TEMPLATE, text } });
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toMatch(/^could not read deploy\/hook-extension\.yaml: .+ \(line \d+, column \d+\); fix the YAML there and run again$/);
    expect(fix.snippets).toHaveLength(1);
  });
});

describe('node-glibc-compat, other cases', () => {
  it('Alpine externals: no diff, names node*_alpine and the arm64 limit', () => {
    const fix = fixFor(notRunnable('node24_alpine'), { hookTemplate: { path: TEMPLATE, text: fixture('hook-templates/deskrun-overlay.yaml') } });
    expect(fix.diff).toBeNull();
    expect(fix.steps[0]).toContain('must ship `externals/node24_alpine`');
    expect(fix.steps[1]).toBe('JavaScript actions in Alpine containers only work on x64 runners; on arm64 there is no Alpine node at all.');
  });

  it('template with its own initContainers (fs-init replaced): diff adding copy-externals', () => {
    const text = fixture('hook-templates/own-init-containers.yaml');
    const glibcImage = { path: 'ci.yml', text: fixture('workflows/services-duplicate.yml') };
    const fix = fixFor(notRunnable(), { workflow: glibcImage, hookTemplate: { path: TEMPLATE, text } });
    expect(fix.steps[0]).toContain('sets its own `initContainers` (fetch-tools)');
    const doc = yaml.load(gitApply({ [TEMPLATE]: text }, fix.diff!)[TEMPLATE]!) as PodTemplate & { spec: { initContainers: (Container & { command: string[] })[] } };
    expect(doc.spec.initContainers.map((c) => c.name)).toEqual(['fetch-tools', 'copy-externals']);
    expect(doc.spec.initContainers[1]!.command).toEqual(['sh', '-c', 'cp -a /home/runner/externals/. /mnt/externals/']);
    expect(doc.spec.initContainers[1]!.volumeMounts).toEqual([{ name: 'externals', mountPath: '/mnt/externals' }]);
  });

  it('glibc image, template without initContainers: explains empty externals, no diff', () => {
    const glibcImage = { path: 'ci.yml', text: fixture('workflows/services-duplicate.yml') };
    const fix = fixFor(notRunnable(), { workflow: glibcImage, hookTemplate: { path: TEMPLATE, text: fixture('hook-templates/minimal.yaml') } });
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toContain('`node:22` is not a Nix image');
  });

  it('GLIBC version too old: says which', () => {
    const fix = fixFor(notRunnable('node20', { glibc: '2.28' }), {});
    expect(fix.diffUnavailableReason).toBe("the job image's glibc is older than 2.28, which the runner's `node20` needs; that is the image's base, not a file given here");
  });
});
