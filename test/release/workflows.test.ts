/**
 * .github/workflows/: CI runs what .ci/run runs on every supported Node.js major; a version tag publishes the npm
 * package with provenance, the image on ghcr.io and the release notes from CHANGELOG.md. The release's shell
 * steps are run here as GitHub runs them (bash, GITHUB_REF_NAME, GITHUB_OUTPUT).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { changelogSection } from '../../scripts/changelog-section.mjs';

interface Step {
  name?: string; id?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>;
}
interface Job {
  needs?: string | string[]; permissions?: Record<string, string>; steps: Step[]; container?: string;
  strategy?: { matrix: { node: number[] } }; services?: Record<string, { image: string }>; env?: Record<string, string>;
}
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> }

const load = (f: string) => yaml.load(readFileSync(f, 'utf8')) as Workflow;
const ci = load('.github/workflows/ci.yml');
const release = load('.github/workflows/release.yml');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; engines: { node: string } };

/** The step whose `run:` or `uses:` matches. */
function step(job: Job, what: RegExp): Step {
  const s = job.steps.find((x) => what.test(x.run ?? x.uses ?? ''));
  if (!s) throw new Error(`no step matching ${what}`);
  return s;
}

/** Runs a step's script with bash -e as GitHub does, in `cwd`, with the tag's GITHUB_REF_NAME. */
function runStep(s: Step, cwd: string, tag: string, env: Record<string, string> = {}) {
  const output = join(cwd, 'github-output');
  const r = spawnSync('bash', ['-e', '-c', s.run!], {
    cwd, encoding: 'utf8', env: { ...process.env, GITHUB_REF_NAME: tag, GITHUB_OUTPUT: output, ...env, ...s.env },
  });
  let out = '';
  try { out = readFileSync(output, 'utf8'); } catch { /* the step wrote no output */ }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, output: out };
}

/** A scratch directory with the files the release's check steps read. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rd-release-'));
  mkdirSync(join(dir, 'scripts'));
  for (const f of ['package.json', 'CHANGELOG.md', 'scripts/changelog-section.mjs']) copyFileSync(f, join(dir, f));
  return dir;
}

describe('ci.yml', () => {
  const test = ci.jobs.test!;

  it('runs on pushes to main and on pull requests, read-only', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect((ci.on.push as { branches: string[] }).branches).toEqual(['main']);
    expect(ci.permissions).toEqual({ contents: 'read' });
  });

  it('tests on Node 20, 22 and 24: what package.json supports and what the Action runs on', () => {
    const action = yaml.load(readFileSync('action.yml', 'utf8')) as { runs: { using: string } };
    const actionNode = Number(action.runs.using.replace(/^node/, ''));
    expect(pkg.engines.node).toBe('^20.18.1 || >=22');
    expect(test.strategy?.matrix.node).toEqual([20, 22, actionNode]);
    expect(actionNode).toBe(24);
    // Each matrix entry really runs on that Node: the job's container is the official image of that major.
    expect(test.container).toBe('node:${{ matrix.node }}-bookworm');
  });

  it('has what .ci/run provides: Debian packages, PostgreSQL, Redis, CHROMIUM_PATH; then npm ci, npm test', () => {
    const ciRun = readFileSync('.ci/run', 'utf8');
    const debian = [...ciRun.matchAll(/need\+=\(([\w-]+)\)/g)].map((m) => m[1]!);
    expect(debian).toEqual(expect.arrayContaining(['postgresql', 'redis-server', 'chromium']));
    const apt = step(test, /apt-get install/).run!;
    // PostgreSQL comes as a service container; everything else as .ci/run installs it.
    for (const p of debian.filter((d) => d !== 'postgresql')) expect(apt.split(/\s+/), p).toContain(p);
    expect(Object.fromEntries(Object.entries(test.services ?? {}).map(([k, v]) => [k, v.image.split(':')[0]])))
      .toEqual({ postgres: 'postgres', redis: 'redis' });
    // Service containers are reached by their key from the job's container.
    expect(new URL(test.env!.TEST_DATABASE_URL!).hostname).toBe('postgres');
    expect(new URL(test.env!.TEST_REDIS_URL!).hostname).toBe('redis');
    expect(test.env!.CHROMIUM_PATH).toBe('/usr/bin/chromium');
    const runs = test.steps.map((s) => s.run ?? '');
    const ciIndex = runs.findIndex((r) => /^npm ci\b/.test(r));
    expect(ciIndex).toBeGreaterThan(runs.findIndex((r) => r.includes('apt-get install')));
    expect(runs.indexOf('npm test')).toBeGreaterThan(ciIndex);
    expect(ciRun).toMatch(/npm ci\b[\s\S]*npm test\b/);
  });
});

describe('release.yml', () => {
  it('runs on version tags only, read-only by default; each job gets only the permission it needs', () => {
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    expect(release.permissions).toEqual({ contents: 'read' });
    const granted = Object.fromEntries(Object.entries(release.jobs).map(([k, j]) => [k, j.permissions ?? null]));
    expect(granted).toEqual({
      check: null,
      npm: { contents: 'read', 'id-token': 'write' },
      image: { contents: 'read', packages: 'write' },
      'github-release': { 'contents': 'write' },
    });
    // Nothing is published before the tag was checked, and the release comes last.
    expect(release.jobs.npm!.needs).toBe('check');
    expect(release.jobs.image!.needs).toBe('check');
    expect(release.jobs['github-release']!.needs).toEqual(['npm', 'image']);
  });

  it('refuses a tag that is not v + package.json\'s version, and passes the version on', () => {
    const check = step(release.jobs.check!, /GITHUB_REF_NAME/);
    const ok = runStep(check, scratch(), `v${pkg.version}`);
    expect(ok.code).toBe(0);
    expect(ok.output).toBe(`version=${pkg.version}\n`);
    const wrong = runStep(check, scratch(), 'v99.0.0');
    expect(wrong.code).toBe(1);
    expect(wrong.stdout)
      .toBe(`::error::tag v99.0.0 is not v${pkg.version} (package.json): set the version, then tag again\n`);
  });

  it('publishes to npm with provenance, with the token from the NPM_TOKEN secret', () => {
    const npm = release.jobs.npm!;
    expect(step(npm, /actions\/setup-node/).with?.['registry-url']).toBe('https://registry.npmjs.org');
    const publish = step(npm, /npm publish/);
    expect(publish.run!.split(/\s+/)).toEqual(expect.arrayContaining(['--provenance', '--access', 'public']));
    expect(publish.env?.NODE_AUTH_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
    // lib/ is built by `npm ci` (prepare) before publishing.
    expect(npm.steps.indexOf(step(npm, /^npm ci\b/))).toBeLessThan(npm.steps.indexOf(publish));
  });

  it('builds the Dockerfile and pushes it to ghcr.io tagged with the version', () => {
    const image = release.jobs.image!;
    expect(step(image, /docker\/login-action/).with?.registry).toBe('ghcr.io');
    const build = step(image, /docker\/build-push-action/).with!;
    expect(build.file).toBe('Dockerfile');
    expect(build.push).toBe(true);
    const tags = String(build.tags).trim().split('\n');
    expect(tags).toContain('${{ steps.image.outputs.name }}:${{ needs.check.outputs.version }}');
    // The owner as GitHub spells it; image names on ghcr.io must be lower case.
    const owner = { GITHUB_REPOSITORY_OWNER: 'Runner-Doctor' };
    const name = runStep(step(image, /ghcr\.io/), scratch(), `v${pkg.version}`, owner);
    expect(name.output).toBe('name=ghcr.io/runner-doctor/runner-doctor\n');
  });

  it('takes the release notes from the tag\'s section of CHANGELOG.md', () => {
    const job = release.jobs['github-release']!;
    const notes = step(job, /changelog-section/);
    const dir = scratch();
    const r = runStep(notes, dir, `v${pkg.version}`);
    expect(r.code).toBe(0);
    const written = readFileSync(join(dir, 'release-notes.md'), 'utf8');
    const section = changelogSection(readFileSync('CHANGELOG.md', 'utf8'), pkg.version);
    expect(section).toMatch(/\S/);
    expect(written).toBe(`${section}\n`);
    expect(step(job, /gh release create/).run).toContain('--notes-file release-notes.md');
    // A tag with no section stops the release before anything is published.
    expect(runStep(step(release.jobs.check!, /changelog-section/), scratch(), 'v99.0.0').code).toBe(1);
  });

  it('uses actions by a released major version', () => {
    for (const wf of [ci, release]) {
      for (const job of Object.values(wf.jobs)) {
        for (const s of job.steps.filter((x) => x.uses)) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
      }
    }
  });
});
