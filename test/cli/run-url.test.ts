import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectNockDone, recordUnmatched } from '../helpers/github-api.js';
import { runCli } from './run-cli.js';

// Each run loads the catalog from src/ (YAML parsed, patterns compiled): once per set of options here.
vi.mock('../../src/catalog/load-catalog.js', async (original) =>
  (await import('../helpers/catalog-once.js')).catalogOnce(await original()));

const API = 'https://api.github.com';
const BLOBS = 'https://results-receiver.actions.example.test';
const R = '/repos/acme/app';
const SHA = '3484a3fb816e0859fd6e1cea078d76385ff50625';
const WF = '.github/workflows/ci.yml';
const NIXERY = 'nixery.dev/shell/git/docker/devbox/nix/findutils/gnugrep/coreutils';
const WORKFLOW = [
  'name: CI',
  'on: [pull_request]',
  'jobs:',
  '  build:',
  '    runs-on: arc',
  `    container: ${NIXERY}`,
  '    steps:',
  '      - uses: actions/checkout@v4',
  '  deploy:',
  '    runs-on: arc',
  '    steps:',
  '      - run: make deploy',
  '',
].join('\n');
// Written for these tests: the hook's wrapper line alone (the cause is inferred from the image), and a 409.
const WRAPPER_ONLY = [
  "2025-12-27T11:29:02.0000000Z ##[group]Run '/home/runner/k8s-novolume/index.js'",
  '2025-12-27T11:29:02.1000000Z ##[endgroup]',
  '2025-12-27T11:31:04.0000000Z ##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.',
  '',
].join('\n');
const POD_EXISTS = [
  "2025-12-28T09:14:02.2000000Z ##[group]Run '/home/runner/k8s-novolume/index.js'",
  '2025-12-28T09:14:02.3000000Z ##[endgroup]',
  '2025-12-28T09:14:04.5000000Z ##[error]Error: Error: failed to create job pod: pods "arc-runner-x-workflow" already exists',
  '2025-12-28T09:14:04.6000000Z ##[error]Process completed with exit code 1.',
  '',
].join('\n');

const run = (over: Record<string, unknown> = {}) => ({
  id: 42, run_attempt: 2, path: WF, head_sha: SHA, html_url: 'https://github.com/acme/app/actions/runs/42',
  status: 'completed', conclusion: 'failure', name: 'CI', ...over,
});
const job = (id: number, name: string, conclusion = 'failure') => ({
  id, run_id: 42, name, conclusion, status: 'completed', html_url: `https://github.com/acme/app/actions/runs/42/job/${id}`,
  started_at: '2025-12-27T11:29:00Z', runner_name: 'arc-runner-x', labels: ['arc'], steps: [],
});

let dir: string;
let noGh: string;
const unmatched = recordUnmatched();
beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-run-'));
  noGh = mkdtempSync(path.join(tmpdir(), 'rd-path-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(noGh, { recursive: true, force: true });
  expectNockDone(unmatched);
});

const env = (over: NodeJS.ProcessEnv = {}) => ({ GITHUB_TOKEN: 'ghp_test', PATH: process.env.PATH, ...over });
const api = (base = API) => nock(base, { reqheaders: { authorization: 'token ghp_test' } });
function log(jobId: number, text: string, base = API) {
  api(base).get(`${R}/actions/jobs/${jobId}/logs`).reply(302, '', { location: `${BLOBS}/${jobId}.txt?sig=x` });
  nock(BLOBS, { badheaders: ['authorization'] }).get(`/${jobId}.txt`).query({ sig: 'x' }).reply(200, text);
}
const workflowFile = (base = API, text: string | null = WORKFLOW) => {
  const scope = api(base).get(`${R}/contents/${encodeURIComponent(WF)}`).query({ ref: SHA });
  return text === null
    ? scope.reply(404, { message: 'Not Found' })
    : scope.reply(200, { type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64') });
};
function failedRun(base = API, jobs = [job(11, 'build'), job(12, 'deploy'), job(13, 'lint', 'success')]) {
  api(base).get(`${R}/actions/runs/42`).reply(200, run());
  api(base).get(`${R}/actions/runs/42/attempts/2/jobs`).query({ per_page: '100' }).reply(200, { total_count: jobs.length, jobs });
}

type Out = { source: string; job: string; rootCause: { id: string; captures: Record<string, string>; fix: { diff: string | null } } | null };
const parse = (out: string) => [JSON.parse(out)].flat() as Out[];

describe('runner-doctor diagnose <run URL>', () => {
  it("diagnoses every failed job of the latest attempt, with the workflow at the run's head SHA", async () => {
    failedRun();
    workflowFile();
    log(11, WRAPPER_ONLY);
    log(12, POD_EXISTS);
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42', '--format', 'json'], { cwd: dir, env: env() });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [build, deploy] = parse(r.out);
    expect(build).toMatchObject({ source: 'https://github.com/acme/app/actions/runs/42/job/11', job: 'build' });
    // The image comes from the workflow file fetched at the head SHA; the diff targets it.
    expect(build!.rootCause).toMatchObject({ id: 'image/missing-tool', captures: { tool: 'tar' } });
    expect(build!.rootCause!.fix.diff).toContain(`--- a/${WF}`);
    expect(deploy).toMatchObject({ job: 'deploy', rootCause: { id: 'hook/job-pod-exists' } });
  });

  it('text output heads each job with its name and URL', async () => {
    failedRun();
    workflowFile();
    log(11, WRAPPER_ONLY);
    log(12, POD_EXISTS);
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42'], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.out).toContain('build (https://github.com/acme/app/actions/runs/42/job/11)');
    expect(r.out).toContain('deploy (https://github.com/acme/app/actions/runs/42/job/12)');
  });

  it('/job/ID diagnoses that job only; --repo/--run and --job pick the same way', async () => {
    api().get(`${R}/actions/runs/42`).reply(200, run());
    api().get(`${R}/actions/jobs/12`).reply(200, job(12, 'deploy'));
    workflowFile();
    log(12, POD_EXISTS);
    const one = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42/job/12', '--format', 'json'], { cwd: dir, env: env() });
    expect(parse(one.out).map((d) => d.job)).toEqual(['deploy']);

    failedRun();
    workflowFile();
    log(12, POD_EXISTS);
    const picked = await runCli(['diagnose', '--repo', 'acme/app', '--run', '42', '--job', 'deploy', '--format', 'json'], { cwd: dir, env: env() });
    expect(parse(picked.out).map((d) => d.job)).toEqual(['deploy']);
  });

  it('--job naming no failed job is exit 2 listing them', async () => {
    failedRun();
    const r = await runCli(['diagnose', '--repo', 'acme/app', '--run', '42', '--job', 'lint'], { cwd: dir, env: env() });
    expect(r).toEqual({ code: 2, out: '', err: 'runner-doctor: --job "lint": run 42 has no such failed job; its failed jobs: build, deploy\n' });
  });

  it('GitHub Enterprise Server: GITHUB_API_URL, or the API of the host in the URL', async () => {
    const GHE = 'https://ghe.example.test/api/v3';
    failedRun(GHE, [job(12, 'deploy')]);
    workflowFile(GHE);
    log(12, POD_EXISTS, GHE);
    const viaEnv = await runCli(['diagnose', '--repo', 'acme/app', '--run', '42', '--format', 'json'], { cwd: dir, env: env({ GITHUB_API_URL: GHE }) });
    expect(parse(viaEnv.out)[0]!.rootCause!.id).toBe('hook/job-pod-exists');

    failedRun(GHE, [job(12, 'deploy')]);
    workflowFile(GHE);
    log(12, POD_EXISTS, GHE);
    const viaUrl = await runCli(['diagnose', 'https://ghe.example.test/acme/app/actions/runs/42', '--format', 'json'], { cwd: dir, env: env() });
    expect(parse(viaUrl.out)[0]!.rootCause!.id).toBe('hook/job-pod-exists');
  });

  it('a run with no failed job says so and exits 0', async () => {
    api().get(`${R}/actions/runs/42`).reply(200, run({ conclusion: 'success', run_attempt: 1 }));
    api().get(`${R}/actions/runs/42/attempts/1/jobs`).query({ per_page: '100' }).reply(200, { total_count: 1, jobs: [job(13, 'lint', 'success')] });
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42'], { cwd: dir, env: env() });
    expect(r).toEqual({ code: 0, err: '', out: 'Run 42 (attempt 1) of acme/app concluded success and has no failed job: nothing to diagnose.\n' });
  });
});

describe('the token', () => {
  it('comes from `gh auth token` when GITHUB_TOKEN and GH_TOKEN are unset', async () => {
    const bin = path.join(noGh, 'gh');
    writeFileSync(bin, '#!/bin/sh\n[ "$1 $2" = "auth token" ] && echo ghp_test\n');
    chmodSync(bin, 0o755);
    failedRun(API, [job(12, 'deploy')]);
    workflowFile();
    log(12, POD_EXISTS);
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42', '--format', 'json'], {
      cwd: dir,
      env: { PATH: `${noGh}:/usr/bin:/bin` },
    });
    expect(r.err).toBe('');
    expect(parse(r.out)[0]!.rootCause!.id).toBe('hook/job-pod-exists');
  });

  it('none at all is exit 2 saying how to get one, before any request', async () => {
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42'], { cwd: dir, env: { PATH: noGh } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^runner-doctor: no GitHub token: set GITHUB_TOKEN \(.*Actions: read.*\), or log in with `gh auth login`\n$/);
  });
});

describe('errors say what to do', () => {
  it.each([
    [401, {}, "runner-doctor: GitHub rejected the token from GITHUB_TOKEN (401) to read run 42 of acme/app: it is wrong or expired; set GITHUB_TOKEN to a valid one or run `gh auth login`\n"],
    [404, {}, 'runner-doctor: GitHub found nothing (404) to read run 42 of acme/app: check the URL, and that the token from GITHUB_TOKEN can see acme/app\n'],
    [403, { 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso' }, 'runner-doctor: acme/app needs SSO (403) to read run 42 of acme/app: authorize the token for its organization\n'],
  ])('reading the run: %i', async (status, headers, message) => {
    api().get(`${R}/actions/runs/42`).reply(status, { message: 'x' }, headers);
    expect(await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42'], { cwd: dir, env: env() })).toEqual({ code: 2, out: '', err: message });
  });

  it('403 listing the jobs names the permission', async () => {
    api().get(`${R}/actions/runs/42`).reply(200, run());
    api().get(`${R}/actions/runs/42/attempts/2/jobs`).query({ per_page: '100' }).reply(403, { message: 'Resource not accessible by personal access token' });
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42'], { cwd: dir, env: env() });
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'runner-doctor: GitHub refused (403) to list the jobs of run 42 attempt 2: the token from GITHUB_TOKEN needs "Actions: read" on acme/app (fine-grained token: that repository permission; classic token: the repo scope)\n',
    });
  });

  it('a used-up rate limit says until when (and does not wait an hour for it)', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) };
    api().get(`${R}/actions/runs/42`).reply(403, { message: 'API rate limit exceeded' }, headers);
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42'], { cwd: dir, env: env() });
    const until = new Date(reset * 1000).toISOString().slice(11, 16);
    expect(r).toEqual({ code: 2, out: '', err: `runner-doctor: GitHub's API rate limit is used up until ${until} UTC (403): wait, or use a token with a higher limit\n` });
  });

  it('expired logs (410) and an unreadable workflow are said per job; the other jobs are still answered', async () => {
    failedRun();
    api().get(`${R}/contents/${encodeURIComponent(WF)}`).query({ ref: SHA }).reply(403, { message: 'Resource not accessible' });
    api().get(`${R}/actions/jobs/11/logs`).reply(410, { message: 'Gone' });
    log(12, POD_EXISTS);
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42', '--format', 'json'], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      'runner-doctor: GitHub refused (403) to read .github/workflows/ci.yml at 3484a3f: the token from GITHUB_TOKEN needs "Contents: read" on acme/app (fine-grained token: that repository permission; classic token: the repo scope); diagnosed without the workflow',
      'runner-doctor: job "build": the logs are gone (410) to download the log of job "build": GitHub keeps logs for the repository\'s retention period (90 days by default)',
      '',
    ]);
    expect(parse(r.out).map((d) => d.job)).toEqual(['deploy']);
  });

  it('when no job could be read, exit 2', async () => {
    failedRun(API, [job(11, 'build')]);
    workflowFile();
    api().get(`${R}/actions/jobs/11/logs`).reply(410, { message: 'Gone' });
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42'], { cwd: dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^runner-doctor: job "build": the logs are gone \(410\).*\n$/);
  });

  it.each([
    [['diagnose', 'https://github.com/acme/app/pull/7'], 'runner-doctor: "https://github.com/acme/app/pull/7" is not a run URL: use https://github.com/OWNER/REPO/actions/runs/RUN_ID[/job/JOB_ID]\n'],
    [['diagnose', 'https://github.com/acme/app/actions/runs/99999999999999999'], 'runner-doctor: run id "99999999999999999" is not a GitHub id (a positive whole number)\n'],
    [['diagnose', '--repo', 'acme', '--run', '42'], 'runner-doctor: --repo "acme" is not OWNER/REPO\n'],
    [['diagnose', '--repo', 'acme/app'], 'runner-doctor: --repo and --run go together: --repo OWNER/REPO --run RUN_ID\n'],
    [['diagnose', 'https://github.com/acme/app/actions/runs/42', 'job.log'], 'runner-doctor: a run URL is diagnosed alone: give one URL and no log files\n'],
  ])('bad run arguments, no request: %j', async (args, message) => {
    expect(await runCli(args, { cwd: dir, env: env() })).toEqual({ code: 2, out: '', err: message });
  });
});

describe('--apply for a run', () => {
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  function fetchBuild() {
    failedRun(API, [job(11, 'build')]);
    workflowFile();
    log(11, WRAPPER_ONLY);
  }

  it('writes the fix into a checkout of that repository', async () => {
    git('init', '-q');
    git('remote', 'add', 'origin', 'git@github.com:acme/app.git');
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(dir, WF), WORKFLOW);
    fetchBuild();
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42', '--apply'], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.err).toBe(`runner-doctor: applied the fix to ${WF}\n`);
    expect(readFileSync(path.join(dir, WF), 'utf8')).toMatch(new RegExp(`container: ${NIXERY}/\\S*gnutar`));
  });

  it('writes nothing elsewhere', async () => {
    git('init', '-q');
    git('remote', 'add', 'origin', 'https://github.com/someone/else.git');
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(dir, WF), WORKFLOW);
    fetchBuild();
    const r = await runCli(['diagnose', 'https://github.com/acme/app/actions/runs/42', '--apply'], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.err).toBe('runner-doctor: did not apply the fixes: the current directory is not a checkout of acme/app (its remotes: https://github.com/someone/else.git)\n');
    expect(readFileSync(path.join(dir, WF), 'utf8')).toBe(WORKFLOW);
  });
});
