import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { nixeryPackagesToAdd, withNixeryPackages } from '../../../src/fixes/generators/nixery-missing-tools.js';
import { changedLines, fixFor, fixture, gitApply, makeFinding } from '../helpers/git-apply.js';

const missingTool = (tool?: string | string[]) =>
  makeFinding('image/missing-tool', 'nixery-missing-tools', tool === undefined ? {} : { tool }, tool === undefined);

function imageOf(text: string, job: string): unknown {
  const doc = yaml.load(text) as { jobs: Record<string, { container: string | { image: string } }> };
  const c = doc.jobs[job]!.container;
  return typeof c === 'string' ? c : c.image;
}

describe('nixeryPackagesToAdd / withNixeryPackages', () => {
  it('adds what the hooks need in a fixed order, keeping the existing segments', () => {
    const image = 'nixery.dev/shell/git/docker/devbox/nix/nodejs_24/gnutar';
    expect(nixeryPackagesToAdd(image, ['find'])).toEqual(['findutils', 'coreutils', 'gnugrep']);
    expect(withNixeryPackages(image, ['findutils', 'coreutils', 'gnugrep'])).toBe(
      'nixery.dev/shell/git/docker/devbox/nix/nodejs_24/gnutar/findutils/coreutils/gnugrep',
    );
  });
  it('puts new segments before a tag', () => {
    expect(withNixeryPackages('nixery.dev/shell/git:latest', ['gnutar'])).toBe('nixery.dev/shell/git/gnutar:latest');
  });
  it('adds a captured tool even when a bundle claims to provide it', () => {
    expect(nixeryPackagesToAdd('nixery.dev/shell/busybox', ['tar'])).toEqual(['gnutar']);
  });
});

describe('nixery-missing-tools on the seed workflows', () => {
  it('build-and-publish (tar missing): adds gnutar to the image, nothing else changes', () => {
    const text = fixture('workflows/build-and-publish.yml');
    const path = '.github/workflows/build-and-publish.yml';
    const fix = fixFor(missingTool('tar'), { workflow: { path, text } });
    expect(fix.files).toEqual([path]);
    expect(fix.diff).toBe(
      [
        `diff --git a/${path} b/${path}`,
        `--- a/${path}`,
        `+++ b/${path}`,
        '@@ -14,7 +14,7 @@',
        '   build-and-push:',
        '     runs-on: instant-cf-cached-privileged-kubernetes',
        '     container:',
        '-      image: nixery.dev/shell/git/docker/devbox/nix/findutils/gnugrep/coreutils',
        '+      image: nixery.dev/shell/git/docker/devbox/nix/findutils/gnugrep/coreutils/gnutar',
        '       options: --privileged --init',
        '     steps:',
        '       - name: Checkout repository',
        '',
      ].join('\n'),
    );
    const after = gitApply({ [path]: text }, fix.diff!)[path]!;
    const image = imageOf(after, 'build-and-push') as string;
    for (const pkg of ['gnutar', 'findutils', 'coreutils']) expect(image.split('/')).toContain(pkg);
    expect(after.replace('/coreutils/gnutar', '/coreutils')).toBe(text);
  });

  it('validate-manifests (find missing): adds findutils, coreutils and gnugrep after gnutar', () => {
    const text = fixture('workflows/validate-manifests.yml');
    const path = '.github/workflows/validate-manifests.yml';
    const fix = fixFor(missingTool('find'), { workflow: { path, text } });
    const after = gitApply({ [path]: text }, fix.diff!)[path]!;
    expect(imageOf(after, 'validate')).toBe('nixery.dev/shell/git/docker/devbox/nix/nodejs_24/gnutar/findutils/coreutils/gnugrep');
    expect(fix.commands).toEqual([
      'docker run --rm --entrypoint sh nixery.dev/shell/git/docker/devbox/nix/nodejs_24/gnutar/findutils/coreutils/gnugrep -c "for t in sh tar find chmod stat cat grep sleep tail; do command -v $t >/dev/null || echo missing: $t; done"',
    ]);
    expect(fix.steps[0]).toBe(
      'Job `validate`: add `findutils` (find), `coreutils` (chmod, stat, cat, sleep, tail), `gnugrep` (grep) to the Nixery image: `nixery.dev/shell/git/docker/devbox/nix/nodejs_24/gnutar/findutils/coreutils/gnugrep`.',
    );
  });

  it('the inferred case (no tool captured) still adds every missing hook package', () => {
    const text = fixture('workflows/build-and-publish.yml');
    const fix = fixFor(missingTool(), { workflow: { path: 'w.yml', text } });
    expect(changedLines(fix.diff!).added).toEqual(['      image: nixery.dev/shell/git/docker/devbox/nix/findutils/gnugrep/coreutils/gnutar']);
  });
});

describe('nixery-missing-tools on workflow variants', () => {
  it('string-form container', () => {
    const text = fixture('workflows/string-container.yml');
    const fix = fixFor(missingTool('tar'), { workflow: { path: 'ci.yml', text } });
    const after = gitApply({ 'ci.yml': text }, fix.diff!)['ci.yml']!;
    expect(imageOf(after, 'lint')).toBe('nixery.dev/shell/git/nodejs_22/gnutar/findutils/coreutils/gnugrep');
    expect(changedLines(fix.diff!).added).toEqual(['    container: nixery.dev/shell/git/nodejs_22/gnutar/findutils/coreutils/gnugrep']);
  });

  it('quoted images keep their quotes, comments and tag', () => {
    const text = fixture('workflows/quoted-image.yml');
    const single = fixFor(missingTool('tar'), { workflow: { path: 'q.yml', text }, job: 'single' });
    expect(changedLines(single.diff!).added).toEqual([
      "      image: 'nixery.dev/shell/git/gnutar/findutils/coreutils/gnugrep:latest'   # pinned tag",
    ]);
    const dbl = fixFor(missingTool('tar'), { workflow: { path: 'q.yml', text }, job: 'double' });
    const after = gitApply({ 'q.yml': text }, dbl.diff!)['q.yml']!;
    expect(after).toContain('      image: "nixery.dev/shell/jq/gnutar/findutils/coreutils/gnugrep"\n');
    expect(imageOf(after, 'single')).toBe('nixery.dev/shell/git:latest');
  });

  it('CRLF files stay CRLF', () => {
    const text = fixture('workflows/crlf.yml');
    expect(text).toContain('\r\n');
    const fix = fixFor(missingTool('tar'), { workflow: { path: 'crlf.yml', text } });
    const after = gitApply({ 'crlf.yml': text }, fix.diff!)['crlf.yml']!;
    expect(after.split('\r\n').length).toBe(text.split('\r\n').length);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(imageOf(after, 'build')).toBe('nixery.dev/shell/git/nodejs_24/gnutar/findutils/coreutils/gnugrep');
  });

  it('comments everywhere survive', () => {
    const text = fixture('workflows/commented.yml');
    const fix = fixFor(missingTool('find'), { workflow: { path: 'c.yml', text } });
    const after = gitApply({ 'c.yml': text }, fix.diff!)['c.yml']!;
    expect(changedLines(fix.diff!)).toEqual({
      removed: ['      image: nixery.dev/shell/git/python3 # python job'],
      added: ['      image: nixery.dev/shell/git/python3/gnutar/findutils/coreutils/gnugrep # python job'],
    });
    expect(after.match(/#/g)!.length).toBe(text.match(/#/g)!.length);
  });

  it('several jobs: fixes the failing one and the other job on the same image, names the rest', () => {
    const text = fixture('workflows/several-jobs.yml');
    const fix = fixFor(missingTool('tar'), { workflow: { path: 's.yml', text }, job: 'Unit tests' });
    const after = gitApply({ 's.yml': text }, fix.diff!)['s.yml']!;
    expect(imageOf(after, 'unit')).toBe('nixery.dev/shell/git/go/gnutar/findutils/coreutils/gnugrep');
    expect(imageOf(after, 'integration')).toBe('nixery.dev/shell/git/go/gnutar/findutils/coreutils/gnugrep');
    expect(imageOf(after, 'docs')).toBe('nixery.dev/shell/mdbook');
    expect(fix.steps).toContain(
      'The diff also updates `integration` (Integration tests): same image `nixery.dev/shell/git/go`, same missing tools.',
    );
    expect(fix.steps).toContain(
      'Job `docs` uses `nixery.dev/shell/mdbook`, which also lacks `gnutar`, `findutils`, `coreutils`, `gnugrep`; not changed by this diff.',
    );
  });

  it('several jobs and no --job: updates every Nixery image that lacks tools and says so', () => {
    const text = fixture('workflows/several-jobs.yml');
    const fix = fixFor(missingTool('tar'), { workflow: { path: 's.yml', text } });
    const after = gitApply({ 's.yml': text }, fix.diff!)['s.yml']!;
    expect(imageOf(after, 'docs')).toBe('nixery.dev/shell/mdbook/gnutar/findutils/coreutils/gnugrep');
    expect(fix.steps[0]).toBe('The failing job is not known (pass `--job`), so the diff updates every Nixery image in s.yml that lacks hook tools.');
  });

  it('matrix/expression image: no diff, says why and what to add', () => {
    const text = fixture('workflows/matrix-image.yml');
    const fix = fixFor(missingTool('tar'), { workflow: { path: 'm.yml', text }, job: 'Build go' });
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toBe(
      'the image of job `build` (Build ${{ matrix.os }}) comes from an expression (`${{ matrix.image }}`), so there is no single image string to change',
    );
    expect(fix.steps[0]).toContain('Wherever `matrix.image` is defined');
    expect(fix.steps[0]).toContain('/shell/gnutar/findutils/coreutils/gnugrep');
  });

  it('Alpine image: no diff, apk packages named', () => {
    const text = fixture('workflows/alpine-image.yml');
    const fix = fixFor(missingTool('tar'), { workflow: { path: 'a.yml', text } });
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toBe(
      '`alpine:3.20` is not a Nixery image: its packages are installed when the image is built, so there is no line in a.yml to change',
    );
    expect(fix.steps).toContain(
      'Alpine base: `RUN apk add --no-cache tar findutils coreutils grep` (BusyBox `tar` lacks options the hooks and actions use, so install GNU tar)',
    );
  });

  it('no workflow given: no diff, the reason says what to pass', () => {
    const fix = fixFor(missingTool('tar'), {});
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toBe('no workflow file was given (`--workflow`), so the image to change is unknown');
    expect(fix.steps).toEqual(['Catalog step.']);
  });

  it('no workflow, but the engine knew the image: the step names the new image', () => {
    const finding = makeFinding('image/missing-tool', 'nixery-missing-tools', { tool: 'tar', image: 'nixery.dev/shell/git' }, true);
    const fix = fixFor(finding, {});
    expect(fix.diff).toBeNull();
    expect(fix.steps[0]).toBe(
      'Change the job image `nixery.dev/shell/git` to `nixery.dev/shell/git/gnutar/findutils/coreutils/gnugrep` (adds `gnutar` (tar), `findutils` (find), `coreutils` (chmod, stat, cat, sleep, tail), `gnugrep` (grep)).',
    );
  });

  it('unknown --job: names the jobs there are', () => {
    const text = fixture('workflows/several-jobs.yml');
    const fix = fixFor(missingTool('tar'), { workflow: { path: 's.yml', text }, job: 'nope' });
    expect(fix.diffUnavailableReason).toBe('job `nope` is not in s.yml (jobs: unit, integration, docs, hosted)');
  });
});
