import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli, type CliOptions } from './run-cli.js';

// Each run loads the catalog from src/ (YAML parsed, patterns compiled): once per set of options here.
vi.mock('../../src/catalog/load-catalog.js', async (original) =>
  (await import('../helpers/catalog-once.js')).catalogOnce(await original()));

const SEED_409 = [
  '\uFEFF2025-12-28T09:14:01.1000000Z Current runner version: \'2.330.0\'',
  "2025-12-28T09:14:02.2000000Z ##[group]Run '/home/runner/k8s-novolume/index.js'",
  'shell: /home/runner/externals/node20/bin/node {0}',
  '2025-12-28T09:14:02.3000000Z ##[endgroup]',
  '2025-12-28T09:14:03.4420000Z (node:68) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues. Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.',
  '2025-12-28T09:14:04.5000000Z ##[error]Error: Error: failed to create job pod: Error: HTTP-Code: 409',
  'Message: Unknown API Status Code!',
  'Body: "{\\"kind\\":\\"Status\\",\\"apiVersion\\":\\"v1\\",\\"metadata\\":{},\\"status\\":\\"Failure\\",\\"message\\":\\"pods \\\\\\"instant-cf-cached-privileged-kubernetes-qt46h-runner-z-workflow\\\\\\" already exists\\",\\"reason\\":\\"AlreadyExists\\",\\"details\\":{\\"name\\":\\"instant-cf-cached-privileged-kubernetes-qt46h-runner-z-workflow\\",\\"kind\\":\\"pods\\"},\\"code\\":409}"',
  '2025-12-28T09:14:04.6000000Z ##[error]Process completed with exit code 1.',
  '2025-12-28T09:14:04.7000000Z ##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.',
].join('\n');
const POD = 'instant-cf-cached-privileged-kubernetes-qt46h-runner-z-workflow';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-cli-'));
  writeFileSync(path.join(dir, 'job.log'), SEED_409 + '\n');
});

function cli(args: string[], opts: CliOptions = {}) {
  return runCli(args, { cwd: dir, ...opts });
}

describe('runner-doctor diagnose', () => {
  it('prints the JSON contract for a seed log', async () => {
    const { code, out, err } = await cli(['diagnose', 'job.log', '--format', 'json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const d = JSON.parse(out);
    expect(Object.keys(d).sort()).toEqual([
      'classification', 'findings', 'nextSteps', 'notes', 'rootCause', 'source', 'stats', 'summary', 'version',
    ]);
    // A stale job pod is the runners' cluster, not the change.
    expect(d.classification).toBe('infrastructure');
    expect(d.source).toBe('job.log');
    expect(d.version).toBe(1);
    expect(d.rootCause).toEqual(d.findings[0]);
    expect(d.rootCause).toMatchObject({
      id: 'hook/job-pod-exists',
      role: 'root-cause',
      category: 'k8s-hooks',
      confidence: 'high',
      captures: { pod: POD },
    });
    expect(d.rootCause.evidence[0]).toMatchObject({ source: 'job.log', line: 6, step: 'Initialize containers', stepLine: 5 });
    // Its own two lines, then the exit-code line it explains, folded in.
    expect(d.rootCause.evidence.map((e: { line: number; matchedBy: string }) => [e.line, e.matchedBy])).toEqual([
      [6, 'hook/job-pod-exists'],
      [8, 'hook/job-pod-exists'],
      [9, 'runner/process-failed'],
    ]);
    expect(d.rootCause.fix.commands.join('\n')).toContain(`kubectl delete pod ${POD}`);
    expect(typeof d.rootCause.fix.diff === 'string' || d.rootCause.fix.diff === null).toBe(true);
    const roles = Object.fromEntries(d.findings.map((f: { id: string; role: string }) => [f.id, f.role]));
    expect(roles['runner/container-hook-failed']).toBe('symptom');
    expect(roles['noise/buffer-deprecation']).toBe('noise');
    expect(d.stats).toEqual({ bytes: Buffer.byteLength(SEED_409 + '\n'), lines: 10, ms: expect.any(Number) });
    for (const f of d.findings) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(['id', 'title', 'role', 'category', 'confidence', 'evidence', 'captures', 'explanation', 'fix']),
      );
      for (const e of f.evidence) expect(Object.keys(e)).toEqual(expect.arrayContaining(['source', 'line', 'step', 'text']));
    }
  });

  it('reads stdin with -, and gives an array for several logs', async () => {
    const one = await cli(['diagnose', '-', '--format', 'json'], { stdin: SEED_409 });
    expect(JSON.parse(one.out).rootCause.evidence[0].source).toBe('stdin');
    const two = await cli(['diagnose', 'job.log', '-', '--format', 'json'], { stdin: 'nothing to see\n' });
    const both = JSON.parse(two.out);
    expect(both).toHaveLength(2);
    expect(both[0].rootCause.id).toBe('hook/job-pod-exists');
    expect(both[1].rootCause).toBeNull();
    expect(both[1].summary).toBe('No known failure signature matched this log.');
    // Without a base branch to compare with, the CLI cannot say whether a change caused it.
    expect(both[1].classification).toBe('unknown');
  });

  it('prints text for people, coloured only on a terminal without NO_COLOR', async () => {
    const plain = await cli(['diagnose', 'job.log']);
    expect(plain.code).toBe(0);
    expect(plain.out.split('\n')[0]).toMatch(/^Root cause: .*\(hook\/job-pod-exists\) at line 6 in step "Initialize containers"/);
    expect(plain.out).toContain(`$ kubectl delete pod ${POD}`);
    expect(plain.out).not.toContain('\u001b[');
    expect((await cli(['diagnose', 'job.log'], { tty: true })).out).toContain('\u001b[');
    expect((await cli(['diagnose', 'job.log'], { tty: true, env: { NO_COLOR: '1' } })).out).not.toContain('\u001b[');
    expect((await cli(['diagnose', 'job.log', '--no-color'], { tty: true })).out).not.toContain('\u001b[');
  });

  it('prints markdown as the PR comment shows it', async () => {
    const { code, out } = await cli(['diagnose', 'job.log', '--format', 'markdown']);
    expect(code).toBe(0);
    expect(out).toContain(POD);
    expect(out).toContain('```');
  });

  it('leaves ignored ids out', async () => {
    const { out } = await cli(['diagnose', 'job.log', '--format', 'json', '--ignore', 'noise/buffer-deprecation']);
    expect(JSON.parse(out).findings.map((f: { id: string }) => f.id)).not.toContain('noise/buffer-deprecation');
  });

  it.each([
    [['diagnose', 'missing.log'], 'runner-doctor: cannot read log file missing.log: ENOENT\n'],
    [['diagnose'], 'runner-doctor: diagnose needs a log file (or - for stdin), or a run URL; run `runner-doctor diagnose --help`\n'],
    [['diagnose', 'job.log', '--format', 'yaml'], 'runner-doctor: --format must be text, json or markdown (got "yaml")\n'],
    [['diagnose', 'job.log', '--colour'], 'runner-doctor: unknown option --colour; run `runner-doctor diagnose --help`\n'],
    [['diagnose', 'job.log', '--workflow', 'nope.yml'], 'runner-doctor: cannot read workflow file nope.yml: ENOENT\n'],
    [['frobnicate'], 'runner-doctor: unknown command "frobnicate"; run `runner-doctor --help`\n'],
  ])('exits 2 with one line for bad input: %j', async (args, message) => {
    const { code, out, err } = await cli(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    if (typeof message === 'string') expect(err).toBe(message);
    else expect(err).toMatch(message);
  });

  it('exits 2 naming the file, entry and field of an invalid --catalog', async () => {
    writeFileSync(path.join(dir, 'mine.yaml'), 'entries:\n  - id: mine/broken\n    title: t\n    role: cause\n');
    const { code, err } = await cli(['diagnose', 'job.log', '--catalog', 'mine.yaml']);
    expect(code).toBe(2);
    expect(err).toBe('runner-doctor: mine.yaml: entry mine/broken: field role: must be one of root-cause, symptom, noise\n');
  });

  it('uses an extra --catalog file', async () => {
    writeFileSync(
      path.join(dir, 'mine.yaml'),
      [
        'entries:',
        '  - id: team/flaky-registry',
        '    title: Our registry timed out',
        '    role: root-cause',
        '    category: infra',
        '    priority: 99',
        "    patterns: ['registry\\.example\\.com timed out']",
        '    explanation: The registry was slow.',
        "    examples: ['pull from registry.example.com timed out']",
        "    counterexamples: ['registry.example.com ok']",
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'other.log'), 'x\npull from registry.example.com timed out\n');
    const { out } = await cli(['diagnose', 'other.log', '--catalog', 'mine.yaml', '--format', 'json']);
    expect(JSON.parse(out).rootCause).toMatchObject({ id: 'team/flaky-registry', evidence: [{ line: 2 }] });
  });
});

describe('runner-doctor diagnose with a workflow', () => {
  const WORKFLOW = [
    'name: Build and Publish Docker Image',
    'on: [pull_request]',
    'jobs:',
    '  build-and-push:',
    '    runs-on: instant-cf-cached-privileged-kubernetes',
    '    container:',
    '      image: nixery.dev/shell/git/docker/devbox/nix/findutils/gnugrep/coreutils',
    '      options: --privileged --init',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '',
  ].join('\n');
  const WRAPPER_ONLY = [
    "2025-12-27T11:29:02.0000000Z ##[group]Run '/home/runner/k8s-novolume/index.js'",
    '2025-12-27T11:29:02.1000000Z ##[endgroup]',
    '2025-12-27T11:29:40.0000000Z (node:68) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues.',
    '2025-12-27T11:31:04.0000000Z ##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.',
    '',
  ].join('\n');

  beforeEach(() => {
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(dir, '.github/workflows/build-and-publish.yml'), WORKFLOW);
    writeFileSync(path.join(dir, 'wrapper.log'), WRAPPER_ONLY);
  });

  it('infers the missing tar from the Nixery image and carries the diff', async () => {
    const { code, out } = await cli(['diagnose', 'wrapper.log', '--workflow', '.github/workflows/build-and-publish.yml', '--format', 'json']);
    expect(code).toBe(0);
    const root = JSON.parse(out).rootCause;
    expect(root).toMatchObject({ id: 'image/missing-tool', inferred: true, confidence: 'low', captures: { tool: 'tar' } });
    expect(root.fix.diff).toContain('--- a/.github/workflows/build-and-publish.yml');
    expect(root.fix.diff).toContain('+++ b/.github/workflows/build-and-publish.yml');
    expect(root.fix.diff).toMatch(/^\+\s+image: nixery\.dev\/shell\/git\/docker\/devbox\/nix\/findutils\/gnugrep\/coreutils\/.*gnutar/m);
  });

  it('--apply writes the change to the workflow, and refuses a file that changed since it was read', async () => {
    const wf = path.join(dir, '.github/workflows/build-and-publish.yml');
    const { code, err } = await cli(['diagnose', 'wrapper.log', '--workflow', '.github/workflows/build-and-publish.yml', '--apply']);
    expect(code).toBe(0);
    expect(err).toBe('runner-doctor: applied the fix to .github/workflows/build-and-publish.yml\n');
    const after = readFileSync(wf, 'utf8');
    expect(after).toMatch(/image: nixery\.dev\/shell\/git\/docker\/devbox\/nix\/findutils\/gnugrep\/coreutils\/\S*gnutar/);
    expect(after.replace(/image: .*/, '')).toBe(WORKFLOW.replace(/image: .*/, ''));
  });
});

describe('runner-doctor catalog lint', () => {
  it('passes on the built-in catalog', async () => {
    const { code, out, err } = await cli(['catalog', 'lint']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^ok: \d+ entries, \d+ examples in \d+ file\(s\)\n$/);
  });

  it('reports failing examples with file and entry, exit 1', async () => {
    writeFileSync(
      path.join(dir, 'mine.yaml'),
      "entries:\n  - id: a/b\n    title: t\n    role: noise\n    category: x\n    priority: 1\n    patterns: ['hello world']\n    explanation: e\n    examples: ['goodbye world']\n    counterexamples: ['hello world']\n",
    );
    const { code, err } = await cli(['catalog', 'lint', 'mine.yaml']);
    expect(code).toBe(1);
    expect(err).toContain('mine.yaml: entry a/b: examples[0] does not match: goodbye world');
    expect(err).toContain('mine.yaml: entry a/b: counterexamples[0] matches but must not: hello world');
  });
});

describe('the installed binary', () => {
  it('runs from bin/ after the build and exits 2 on a missing file without a stack trace', async () => {
    const bin = fileURLToPath(new URL('../../bin/runner-doctor.js', import.meta.url));
    const run = promisify(execFile);
    const ok = await run(process.execPath, [bin, 'diagnose', path.join(dir, 'job.log'), '--format', 'json']);
    expect(JSON.parse(ok.stdout).rootCause.id).toBe('hook/job-pod-exists');
    const bad = await run(process.execPath, [bin, 'diagnose', path.join(dir, 'nope.log')]).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^runner-doctor: cannot read log file .*nope\.log: ENOENT\n$/);
  });
});
