import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose } from '../../src/engine/diagnose.js';
import type { Diagnosis } from '../../src/engine/types.js';
import { buildFixes } from '../../src/fixes/build-fixes.js';
import { jobContextFromWorkflow } from '../../src/workflow/job-context.js';
import { readWorkflow } from '../../src/workflow/workflow-model.js';
import { diagnosisOf, FIXTURES, fixture, gitApply, makeFinding } from './helpers/git-apply.js';

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

async function diagnoseSeed(log: string, workflowPath: string, workflowText: string): Promise<Diagnosis> {
  const job = jobContextFromWorkflow(readWorkflow(workflowText, workflowPath));
  return diagnose(readFileSync(path.join(FIXTURES, 'logs', log), 'utf8'), { catalog, source: log, job });
}

function imageOf(text: string): string {
  const doc = yaml.load(text) as { jobs: Record<string, { container: { image: string } }> };
  return Object.values(doc.jobs)[0]!.container.image;
}

describe('the seed: logs through the engine, fixes applied to the seed workflows', () => {
  const bp = { path: '.github/workflows/build-and-publish.yml', text: fixture('workflows/build-and-publish.yml') };
  const vm = { path: '.github/workflows/validate-manifests.yml', text: fixture('workflows/validate-manifests.yml') };

  it('build-and-publish, wrapper-only log (inferred): the image gets gnutar', async () => {
    const d = buildFixes(await diagnoseSeed('seed-1-build-and-publish-wrapper-only.log', bp.path, bp.text), { workflow: bp });
    expect(d.rootCause!.id).toBe('image/missing-tool');
    expect(d.rootCause!.inferred).toBe(true);
    const after = gitApply({ [bp.path]: bp.text }, d.rootCause!.fix!.diff!)[bp.path]!;
    expect(imageOf(after)).toBe('nixery.dev/shell/git/docker/devbox/nix/findutils/gnugrep/coreutils/gnutar');
  });

  it('validate-manifests, `find: command not found`: the image gets findutils and coreutils', async () => {
    const d = buildFixes(await diagnoseSeed('seed-2-find-missing.log', vm.path, vm.text), { workflow: vm });
    expect(d.rootCause!.id).toBe('image/missing-tool');
    const after = gitApply({ [vm.path]: vm.text }, d.rootCause!.fix!.diff!)[vm.path]!;
    const segments = imageOf(after).split('/');
    for (const pkg of ['gnutar', 'findutils', 'coreutils']) expect(segments).toContain(pkg);
    expect(imageOf(after)).toBe('nixery.dev/shell/git/docker/devbox/nix/nodejs_24/gnutar/findutils/coreutils/gnugrep');
  });

  it('node20 not runnable in the Nixery image: the glibc-compat diff applies to the deskrun template', async () => {
    const tpl = { path: 'pkg/templates/hook-extension.yaml', text: fixture('hook-templates/deskrun-overlay.yaml') };
    const d = buildFixes(await diagnoseSeed('seed-3-node20-not-runnable.log', bp.path, bp.text), { workflow: bp, hookTemplate: tpl });
    expect(d.rootCause!.id).toBe('image/node-not-runnable');
    expect(d.rootCause!.fix!.files).toEqual([tpl.path]);
    const doc = yaml.load(gitApply({ [tpl.path]: tpl.text }, d.rootCause!.fix!.diff!)[tpl.path]!) as {
      spec: { initContainers: { name: string }[]; volumes: { name: string }[] };
    };
    expect(doc.spec.initContainers.map((c) => c.name)).toEqual(['setup-glibc-compat']);
    expect(doc.spec.volumes.map((v) => v.name)).toContain('glibc-compat');
  });

  it('duplicate volumes (422): the template loses externals/github/work', async () => {
    const tpl = { path: 'hook.yaml', text: fixture('hook-templates/deskrun-duplicate-volumes.yaml') };
    const d = buildFixes(await diagnoseSeed('seed-4a-duplicate-volume-422-escaped-json.log', bp.path, bp.text), { hookTemplate: tpl });
    const doc = yaml.load(gitApply({ [tpl.path]: tpl.text }, d.rootCause!.fix!.diff!)[tpl.path]!) as { spec: { volumes: { name: string }[] } };
    expect(doc.spec.volumes.map((v) => v.name)).toEqual(['sys', 'cache-0']);
  });

  it('stale pod (409): commands name the pod from the log', async () => {
    const d = buildFixes(await diagnoseSeed('seed-2-job-pod-exists-409.log', bp.path, bp.text), {});
    expect(d.rootCause!.fix!.commands[2]).toMatch(/^kubectl delete pod instant-cf-cached-privileged-kubernetes-qt46h-runner-z-workflow -n \S+ --wait=false$/);
  });
});

describe('buildFixes', () => {
  it('returns a copy: the input diagnosis is unchanged, rootCause is the completed finding', () => {
    const finding = makeFinding('image/missing-tool', 'nixery-missing-tools', { tool: 'tar' });
    const input = diagnosisOf(finding, makeFinding('noise/buffer-deprecation', 'none'));
    const before = JSON.stringify(input);
    const out = buildFixes(input, { workflow: { path: 'w.yml', text: fixture('workflows/build-and-publish.yml') } });
    expect(JSON.stringify(input)).toBe(before);
    expect(out.rootCause).toBe(out.findings[0]);
    expect(out.rootCause!.fix!.diff).toMatch(/^diff --git a\/w\.yml b\/w\.yml\n/);
    expect(out.rootCause!.fix!.generator).toBe('nixery-missing-tools');
    expect(out.findings[1]).toBe(input.findings[1]);
  });

  it('a workflow that does not parse: the diagnosis still comes out, the reason has line and column', () => {
    const finding = makeFinding('image/missing-tool', 'nixery-missing-tools', { tool: 'tar' });
    const out = buildFixes(diagnosisOf(finding), { workflow: { path: '.github/workflows/broken.yml', text: fixture('workflows/broken.yml') } });
    expect(out.rootCause!.fix!.diff).toBeNull();
    expect(out.rootCause!.fix!.diffUnavailableReason).toBe(
      'could not read .github/workflows/broken.yml: bad indentation of a mapping entry (line 8, column 6); fix the YAML there and run again',
    );
  });

  it('a diff only touches the files given', () => {
    const finding = makeFinding('image/node-not-runnable', 'node-glibc-compat', { node: 'node20' });
    const wf = { path: 'ci.yml', text: fixture('workflows/build-and-publish.yml') };
    const tpl = { path: 'hook.yaml', text: fixture('hook-templates/deskrun-overlay.yaml') };
    const fix = buildFixes(diagnosisOf(finding), { workflow: wf, hookTemplate: tpl }).rootCause!.fix!;
    const named = [...fix.diff!.matchAll(/^diff --git a\/(\S+) b\/(\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(named).toEqual([['hook.yaml', 'hook.yaml']]);
  });
});
