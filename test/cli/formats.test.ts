import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeZip } from './make-zip.js';
import { runCli } from './run-cli.js';

// Each run loads the catalog from src/ (YAML parsed, patterns compiled): once per set of options here.
vi.mock('../../src/catalog/load-catalog.js', async (original) =>
  (await import('../helpers/catalog-once.js')).catalogOnce(await original()));

// Job logs as the runner writes them (written for these tests; the wordings are the hook's and the shell's).
const BUILD = [
  '\uFEFF2025-12-28T09:14:01.1000000Z Current runner version: \'2.330.0\'',
  '2025-12-28T09:14:01.2000000Z Complete job name: build-and-push',
  "2025-12-28T09:14:02.2000000Z ##[group]Run '/home/runner/k8s-novolume/index.js'",
  '2025-12-28T09:14:02.3000000Z ##[endgroup]',
  '2025-12-28T09:14:04.5000000Z ##[error]Error: Error: failed to create job pod: pods "arc-runner-x-workflow" already exists',
  '2025-12-28T09:14:04.6000000Z ##[error]Process completed with exit code 1.',
];
const LINT = [
  '\uFEFF2025-12-28T10:00:00.0000000Z Complete job name: lint',
  "2025-12-28T10:00:00.1000000Z ##[group]Run yq '.a' x.yml",
  "2025-12-28T10:00:00.2000000Z yq '.a' x.yml",
  '2025-12-28T10:00:00.3000000Z shell: /bin/sh -e {0}',
  '2025-12-28T10:00:00.4000000Z ##[endgroup]',
  '2025-12-28T10:00:01.0000000Z /bin/sh: yq: not found',
  '2025-12-28T10:00:01.1000000Z ##[error]Process completed with exit code 127.',
];

/** gh run view --log: `JOB<TAB>STEP<TAB>LINE`. */
function ghColumns(job: string, lines: string[], step = (i: number): string => (i < 2 ? 'Set up job' : 'Run step')): string {
  return lines.map((l, i) => `${job}\t${step(i)}\t${l}\n`).join('');
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-formats-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Json = { source: string; job?: string; rootCause: { id: string; evidence: { line: number; text: string; source: string }[] } | null };

async function json(args: string[], stdin?: string | Buffer): Promise<Json[]> {
  const r = await runCli([...args, '--format', 'json'], { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const parsed = JSON.parse(r.out) as Json | Json[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

describe('gh run view --log / --log-failed', () => {
  it('gives one diagnosis per job, the columns taken off (an anchored pattern still matches)', async () => {
    const input = ghColumns('build-and-push', BUILD) + ghColumns('lint', LINT);
    const [build, lint] = await json(['diagnose', '-'], input);
    expect(build).toMatchObject({ source: 'stdin: build-and-push', job: 'build-and-push', rootCause: { id: 'hook/job-pod-exists' } });
    // Line numbers count within the job; the text is the runner's line without gh's columns.
    expect(build!.rootCause!.evidence[0]).toMatchObject({
      source: 'stdin: build-and-push',
      line: 5,
      text: '##[error]Error: Error: failed to create job pod: pods "arc-runner-x-workflow" already exists',
    });
    expect(lint).toMatchObject({ source: 'stdin: lint', job: 'lint', rootCause: { id: 'step/command-not-found' } });
    expect(lint!.rootCause!.evidence[0]).toMatchObject({ line: 6, text: '/bin/sh: yq: not found' });
  });

  it("reads gh's UNKNOWN STEP lines, and one job gives one answer (not a list)", async () => {
    const [one] = await json(['diagnose', '-'], ghColumns('lint', LINT, () => 'UNKNOWN STEP'));
    expect(one).toMatchObject({ source: 'stdin: lint', job: 'lint', rootCause: { id: 'step/command-not-found' } });
    const r = await runCli(['diagnose', '-', '--format', 'json'], { cwd: dir, stdin: ghColumns('lint', LINT) });
    expect(Array.isArray(JSON.parse(r.out))).toBe(false);
  });

  it('text output heads each job with its name', async () => {
    const r = await runCli(['diagnose', '-'], { cwd: dir, stdin: ghColumns('build-and-push', BUILD) + ghColumns('lint', LINT) });
    expect(r.code).toBe(0);
    expect(r.out).toContain('stdin: build-and-push');
    expect(r.out).toContain('stdin: lint');
    expect(r.out.indexOf('hook/job-pod-exists')).toBeLessThan(r.out.indexOf('step/command-not-found'));
    expect(r.out).not.toContain('\t');
  });

  it('job names with terminal escapes and line breaks reach stderr as one visible line', async () => {
    const input = ghColumns('evil\u001b]8;;https://x.test\u0007name\u001b[2J\u2028x', LINT.slice(1));
    const r = await runCli(['diagnose', '-', '--job', 'tests'], { cwd: dir, stdin: input });
    expect(r.code).toBe(2);
    expect(r.err).toBe('runner-doctor: --job "tests": the input has no such job; its jobs: evilname x\n');
  });

  it('--job picks one job of the input; a name it does not have is exit 2 listing the jobs', async () => {
    const input = ghColumns('build-and-push', BUILD) + ghColumns('lint', LINT);
    const picked = await json(['diagnose', '-', '--job', 'lint'], input);
    expect(picked.map((p) => p.job)).toEqual(['lint']);
    const r = await runCli(['diagnose', '-', '--job', 'tests'], { cwd: dir, stdin: input });
    expect(r).toEqual({ code: 2, out: '', err: 'runner-doctor: --job "tests": the input has no such job; its jobs: build-and-push, lint\n' });
  });
});

describe("a run's log archive (logs_<run>.zip)", () => {
  const archive = () =>
    makeZip([
      { name: '0_build-and-push.txt', data: BUILD.join('\n') + '\n' },
      { name: 'build-and-push/1_Set up job.txt', data: BUILD.slice(0, 2).join('\n') + '\n' },
      { name: 'build-and-push/2_Initialize containers.txt', data: BUILD.slice(2).join('\n') + '\n' },
      { name: '1_lint.txt', data: LINT.join('\n') + '\n' },
      { name: 'lint/1_Run yq.txt', data: LINT.join('\n') + '\n' },
    ]);

  it('gives one diagnosis per job file (the step files are the same lines again)', async () => {
    writeFileSync(path.join(dir, 'logs_42.zip'), archive());
    const out = await json(['diagnose', 'logs_42.zip']);
    expect(out.map((d) => [d.source, d.job, d.rootCause?.id])).toEqual([
      ['logs_42.zip: 0_build-and-push.txt', 'build-and-push', 'hook/job-pod-exists'],
      ['logs_42.zip: 1_lint.txt', 'lint', 'step/command-not-found'],
    ]);
  });

  it('reads it from stdin too', async () => {
    const out = await json(['diagnose', '-'], archive());
    expect(out.map((d) => [d.source, d.rootCause?.id])).toEqual([
      ['stdin: 0_build-and-push.txt', 'hook/job-pod-exists'],
      ['stdin: 1_lint.txt', 'step/command-not-found'],
    ]);
  });

  it("joins a job's step files in step order when it has no job file", async () => {
    const steps = Array.from({ length: 11 }, (_, i) => `2025-12-28T10:00:${String(i).padStart(2, '0')}.0000000Z step ${i + 1}`);
    writeFileSync(
      path.join(dir, 'logs.zip'),
      makeZip([
        // Out of order in the archive, and 10 sorts before 2 as text.
        { name: 'lint/10_Ten.txt', data: LINT.slice(4).join('\n') + '\n' },
        { name: 'lint/2_Two.txt', data: LINT.slice(0, 4).join('\n') + '\n' },
        { name: 'lint/1_Set up job.txt', data: steps.join('\n') + '\n' },
      ]),
    );
    const [lint] = await json(['diagnose', 'logs.zip']);
    expect(lint).toMatchObject({ source: 'logs.zip: lint/', job: 'lint', rootCause: { id: 'step/command-not-found' } });
    expect(lint!.rootCause!.evidence[0]!.line).toBe(11 + 6);
  });

  it.each([
    ['an archive without job logs', () => makeZip([{ name: 'readme.md', data: 'hi' }]), /^runner-doctor: x\.zip holds no job logs .*\n$/],
    [
      'a zip bomb (declares more than the cap)',
      () => makeZip([{ name: '0_a.txt', data: 'x', declaredSize: 0xffffffff }, { name: '1_b.txt', data: 'y', declaredSize: 0xfffffff0 }]),
      /^runner-doctor: x\.zip would inflate to 8\.0 GiB, more than the 2\.0 GiB allowed\n$/,
    ],
    [
      'an entry that inflates to more than it declares',
      () => makeZip([{ name: '0_a.txt', data: 'x'.repeat(100_000), declaredSize: 10 }]),
      /^runner-doctor: x\.zip: cannot read 0_a\.txt \(.+\)\n$/,
    ],
    ['a truncated archive', () => makeZip([{ name: '0_a.txt', data: BUILD.join('\n') }]).subarray(0, 60), /^runner-doctor: x\.zip is not a readable zip archive \(.+\)\n$/],
    [
      'too many entries',
      () => makeZip(Array.from({ length: 5001 }, (_, i) => ({ name: `j/${i}_s.txt`, data: '' }))),
      /^runner-doctor: x\.zip has 5001 entries, more than the 5000 a run's log archive can have\n$/,
    ],
  ])('%s is exit 2 with one line', async (_name, make, message) => {
    writeFileSync(path.join(dir, 'x.zip'), make());
    const r = await runCli(['diagnose', 'x.zip'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });
});

describe('logs copied from the web page (no timestamps)', () => {
  it('still match, and the job name line is found', async () => {
    const copied = BUILD.map((l) => l.replace(/^\uFEFF?\S+Z /, '')).join('\n');
    const [d] = await json(['diagnose', '-'], copied);
    expect(d).toMatchObject({ source: 'stdin', job: 'build-and-push', rootCause: { id: 'hook/job-pod-exists' } });
  });
});

describe('--workflow: which job the log is', () => {
  // The hook's wrapper line alone: the cause is inferred from the job's image (a Nixery image without tar).
  const WRAPPER_ONLY = (job: string | null) =>
    [
      ...(job ? [`2025-12-27T11:29:01.0000000Z Complete job name: ${job}`] : []),
      "2025-12-27T11:29:02.0000000Z ##[group]Run '/home/runner/k8s-novolume/index.js'",
      '2025-12-27T11:29:02.1000000Z ##[endgroup]',
      '2025-12-27T11:31:04.0000000Z ##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.',
      '',
    ].join('\n');
  const NIXERY = 'nixery.dev/shell/git/docker/devbox/nix/findutils/gnugrep/coreutils';
  const workflow = (otherImage: string) =>
    [
      'name: CI',
      'on: [pull_request]',
      'jobs:',
      '  build:',
      '    name: Build and push',
      '    runs-on: arc',
      `    container: ${NIXERY}`,
      '    steps:',
      '      - uses: actions/checkout@v4',
      '  lint:',
      '    runs-on: arc',
      `    container: ${otherImage}`,
      '    steps:',
      '      - run: make lint',
      '',
    ].join('\n');

  beforeEach(() => mkdirSync(path.join(dir, '.github/workflows'), { recursive: true }));
  const WF = '.github/workflows/ci.yml';

  it("uses the job the log's Complete job name line names", async () => {
    writeFileSync(path.join(dir, WF), workflow('ubuntu:24.04'));
    writeFileSync(path.join(dir, 'job.log'), WRAPPER_ONLY('Build and push'));
    const r = await runCli(['diagnose', 'job.log', '--workflow', WF, '--format', 'json'], { cwd: dir });
    const d = JSON.parse(r.out);
    expect(d.rootCause).toMatchObject({ id: 'image/missing-tool', captures: { tool: 'tar' } });
    expect(d.rootCause.fix.diff).toContain(`+    container: ${NIXERY}/`);
    expect(d.notes.join('\n')).not.toContain('--job');
  });

  it('when the log does not say and the jobs differ, says to pass --job (and guesses nothing)', async () => {
    writeFileSync(path.join(dir, WF), workflow('ubuntu:24.04'));
    writeFileSync(path.join(dir, 'job.log'), WRAPPER_ONLY(null));
    const d = JSON.parse((await runCli(['diagnose', 'job.log', '--workflow', WF, '--format', 'json'], { cwd: dir })).out);
    expect(d.rootCause?.id).not.toBe('image/missing-tool');
    expect(d.notes).toContain(
      `The log does not say which job it is from; ${WF} has jobs build (Build and push), lint: pass --job to use one's container image and get fix diffs.`,
    );
  });

  it('when the candidates share their image, uses it and says so', async () => {
    writeFileSync(path.join(dir, WF), workflow(NIXERY));
    writeFileSync(path.join(dir, 'job.log'), WRAPPER_ONLY(null));
    const d = JSON.parse((await runCli(['diagnose', 'job.log', '--workflow', WF, '--format', 'json'], { cwd: dir })).out);
    expect(d.rootCause).toMatchObject({ id: 'image/missing-tool', captures: { tool: 'tar' } });
    expect(d.notes.join('\n')).toContain('jobs build (Build and push), lint of .github/workflows/ci.yml use the same container image');
  });

  it('--job naming no job of the workflow is exit 2 listing its jobs', async () => {
    writeFileSync(path.join(dir, WF), workflow('ubuntu:24.04'));
    writeFileSync(path.join(dir, 'job.log'), WRAPPER_ONLY(null));
    const r = await runCli(['diagnose', 'job.log', '--workflow', WF, '--job', 'biuld'], { cwd: dir });
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `runner-doctor: --job "biuld": ${WF} has no such job; its jobs: build (Build and push), lint\n`,
    });
  });
});
