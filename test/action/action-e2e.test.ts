import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub, failFirst } from '../helpers/fake-github.js';
import { OWNER, REPO, prCommentPayload, workflowRunPayload } from '../helpers/webhook-payloads.js';

/**
 * The Action end to end: the committed bundle (action.yml's `runs.main`, copied away from the
 * repository so it can reach nothing outside dist/) runs as a child process with an event file
 * and the environment GitHub sets for a step; GitHub's API is the stand-in the app's e2e tests use.
 */
const root = path.resolve(import.meta.dirname, '../..');
const fixture = (p: string) => readFileSync(path.join(root, 'test/fixtures', p), 'utf8');
const action = yaml.load(readFileSync(path.join(root, 'action.yml'), 'utf8')) as { runs: { using: string; main: string } };
const TOKEN = 'ghs_workflow_token';
const R = `/api/v3/repos/${OWNER}/${REPO}`;
const run = promisify(execFile);

let dir: string;
let api: FakeGitHub;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'runner-doctor-action-'));
  cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  api = new FakeGitHub();
  api.botLogin = 'github-actions[bot]';
  api.log = fixture('logs/seed-2-job-pod-exists-409.log');
  api.workflow = fixture('workflows/seed-build-and-publish.yml');
  await api.start();
});

afterEach(() => api.stop());

/** Runs the action for one event; the payload is what GitHub writes to GITHUB_EVENT_PATH (no `installation`). */
async function runAction(eventName: string, payload: Record<string, unknown> | null, env: Record<string, string> = {}) {
  const eventPath = path.join(dir, `${eventName}.json`);
  if (payload) {
    delete payload.installation;
    writeFileSync(eventPath, JSON.stringify(payload));
  }
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: `${api.base}/api/v3`,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_RUN_ID: '4711',
    GITHUB_RUN_ATTEMPT: '1',
    ...env,
  };
  try {
    const { stdout } = await run(process.execPath, [path.join(dir, action.runs.main)], { cwd: dir, env: childEnv });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

describe('the GitHub Action', () => {
  it('is a node24 action whose entry point is inside dist/', () => {
    expect(action.runs.using).toBe('node24');
    expect(action.runs.main.startsWith('dist/')).toBe(true);
  });

  it('diagnoses a failed workflow_run into the PR\'s sticky comment with the workflow token', async () => {
    const res = await runAction('workflow_run', workflowRunPayload());
    expect(res.stdout).not.toContain('::error::');
    expect(res.code).toBe(0);
    expect(api.comments).toHaveLength(1);
    const body = api.comments[0]!.body;
    expect(body).toContain('<!-- runner-doctor:sticky -->');
    expect(body).toContain('### ❌ Build and publish: 1 job failed');
    expect(body).toContain('A workflow pod from an earlier run still exists');
    // No App: no token exchange, no GET /app; every call carries the workflow's token.
    expect(api.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)}`)).toEqual([
      `GET ${R}/contents/.github/runner-doctor.yml`,
      `GET /api/v3/repos/${OWNER}/.github/contents/.github/runner-doctor.yml`,
      `GET ${R}/contents/.github/workflows/build.yml`,
      `GET ${R}/actions/runs/289782451/attempts/1/jobs`,
      `GET ${R}/actions/jobs/31/logs`,
      'GET /blobs/job-31.txt',
      `GET ${R}/issues/2/comments`,
      `POST ${R}/issues/2/comments`,
    ]);
    expect(api.requests.filter((r) => r.path.startsWith('/api/v3/')).every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('runs /diagnose from issue_comment: reacts, and finds its own comment (github-actions[bot]) to keep', async () => {
    await runAction('workflow_run', workflowRunPayload());
    const res = await runAction('issue_comment', prCommentPayload({ body: '/diagnose' }), { GITHUB_RUN_ID: '4712' });
    expect(res.stdout).not.toContain('::error::');
    expect(res.code).toBe(0);
    expect(api.reactions).toEqual(['eyes', 'rocket']);
    expect(api.comments).toHaveLength(1);
    expect(api.count('POST', '/issues/2/comments')).toBe(1);
  });

  it('fails the step with an annotation when the token may not read the jobs', async () => {
    api.faults.push(failFirst('GET', '/attempts/1/jobs', 5, (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Resource not accessible by integration' }));
    }));
    const res = await runAction('workflow_run', workflowRunPayload());
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^::error::.*Resource not accessible by integration/m);
  });

  it('says what to set when there is no token, and calls nothing', async () => {
    const res = await runAction('workflow_run', workflowRunPayload(), { GITHUB_TOKEN: '' });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('::error::runner-doctor: no token: pass `with: github-token');
    expect(api.requests).toEqual([]);
  });

  it('says which events it handles when started on another', async () => {
    const res = await runAction('push', {});
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('runner-doctor runs on `workflow_run` (types: [completed]) and `issue_comment` events');
    expect(api.requests).toEqual([]);
  });
});
