import { linkSync, mkdirSync, readdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/engine/types.js';
import { applyFixes } from '../../src/fixes/apply-fixes.js';
import { buildFixes } from '../../src/fixes/build-fixes.js';
import { diagnosisOf, fixture, makeFinding } from './helpers/git-apply.js';

const WF = '.github/workflows/validate-manifests.yml';
const TPL = 'deploy/hook.yaml';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-apply-'));
  mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
  mkdirSync(path.join(dir, 'deploy'));
  writeFileSync(path.join(dir, WF), fixture('workflows/validate-manifests.yml'));
  writeFileSync(path.join(dir, TPL), fixture('hook-templates/deskrun-overlay.yaml'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fixed(): { d: Diagnosis; originals: Map<string, string> } {
  const wf = fixture('workflows/validate-manifests.yml');
  const tpl = fixture('hook-templates/deskrun-overlay.yaml');
  const d = buildFixes(
    diagnosisOf(
      makeFinding('image/missing-tool', 'nixery-missing-tools', { tool: 'find' }),
      makeFinding('image/node-not-runnable', 'node-glibc-compat', { node: 'node24' }),
      makeFinding('workspace/event-path-missing', 'workspace-volumes'),
    ),
    { workflow: { path: WF, text: wf }, hookTemplate: { path: TPL, text: tpl } },
  );
  return { d, originals: new Map([[WF, wf], [TPL, tpl]]) };
}

describe('applyFixes', () => {
  it('writes every diff, two diffs on one file included', async () => {
    const { d, originals } = fixed();
    const r = await applyFixes(d, { cwd: dir, originals });
    expect(r).toEqual({ written: [WF, TPL], refused: [] });
    const wf = yaml.load(readFileSync(path.join(dir, WF), 'utf8')) as { jobs: { validate: { container: { image: string } } } };
    expect(wf.jobs.validate.container.image).toBe('nixery.dev/shell/git/docker/devbox/nix/nodejs_24/gnutar/findutils/coreutils/gnugrep');
    const tpl = yaml.load(readFileSync(path.join(dir, TPL), 'utf8')) as { spec: { volumes: { name: string }[] } };
    expect(tpl.spec.volumes.map((v) => v.name)).toEqual(['sys', 'cgroup', 'dev', 'cache-0', 'cache-1', 'glibc-compat']);
  });

  it('refuses a file that changed since it was read, writes the others', async () => {
    const { d, originals } = fixed();
    writeFileSync(path.join(dir, TPL), fixture('hook-templates/deskrun-overlay.yaml') + '# edited\n');
    const r = await applyFixes(d, { cwd: dir, originals });
    expect(r).toEqual({ written: [WF], refused: [{ path: TPL, reason: 'the file changed since it was read; run the diagnosis again' }] });
    expect(readFileSync(path.join(dir, TPL), 'utf8')).toBe(fixture('hook-templates/deskrun-overlay.yaml') + '# edited\n');
  });

  it('refuses paths that leave the directory', async () => {
    const { d } = fixed();
    const evil = structuredClone(d);
    evil.findings = [evil.findings[0]!];
    evil.findings[0]!.fix!.diff = evil.findings[0]!.fix!.diff!.replaceAll(WF, '../outside.yml');
    const r = await applyFixes(evil, { cwd: dir, originals: new Map() });
    expect(r).toEqual({ written: [], refused: [{ path: '../outside.yml', reason: 'the path leaves the current directory; refusing to write outside it' }] });
  });

  it('refuses a symlink pointing outside', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'rd-out-'));
    try {
      writeFileSync(path.join(outside, 'wf.yml'), fixture('workflows/validate-manifests.yml'));
      rmSync(path.join(dir, WF));
      symlinkSync(path.join(outside, 'wf.yml'), path.join(dir, WF));
      const { d, originals } = fixed();
      const r = await applyFixes({ ...d, findings: [d.findings[0]!] }, { cwd: dir, originals });
      expect(r.refused).toEqual([{ path: WF, reason: 'the path resolves outside the current directory (symlink); refusing to write there' }]);
      expect(readFileSync(path.join(outside, 'wf.yml'), 'utf8')).toBe(fixture('workflows/validate-manifests.yml'));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a file with a second hard link (which may be outside the directory), and leaves both names alone', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'rd-out-'));
    try {
      linkSync(path.join(dir, WF), path.join(outside, 'wf.yml'));
      const { d, originals } = fixed();
      const r = await applyFixes({ ...d, findings: [d.findings[0]!] }, { cwd: dir, originals });
      expect(r).toEqual({
        written: [],
        refused: [{ path: WF, reason: 'the file has 2 hard links, and another name for it may be outside the current directory; refusing to write through it' }],
      });
      expect(readFileSync(path.join(outside, 'wf.yml'), 'utf8')).toBe(fixture('workflows/validate-manifests.yml'));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('replaces the file (same mode, no temporary left behind) instead of writing into it', async () => {
    const { d, originals } = fixed();
    const before = statSync(path.join(dir, WF));
    const r = await applyFixes({ ...d, findings: [d.findings[0]!] }, { cwd: dir, originals });
    expect(r.written).toEqual([WF]);
    const after = statSync(path.join(dir, WF));
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode).toBe(before.mode);
    expect(readFileSync(path.join(dir, WF), 'utf8')).not.toBe(fixture('workflows/validate-manifests.yml'));
    expect(readdirSync(path.join(dir, '.github/workflows'))).toEqual(['validate-manifests.yml']);
  });

  it('refuses a file that was not read for the diagnosis', async () => {
    const { d } = fixed();
    const r = await applyFixes({ ...d, findings: [d.findings[0]!] }, { cwd: dir, originals: new Map() });
    expect(r.refused).toEqual([{ path: WF, reason: 'the file was not read for this diagnosis; run again with it' }]);
  });
});
