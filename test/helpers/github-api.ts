import { expect } from 'vitest';
import nock from 'nock';
import { INSTALLATION_ID, OWNER, REPO } from './webhook-payloads.js';

/** nock scopes for the GitHub API calls the app makes; each returns its scope so tests can check it. */
export const API = 'https://api.github.com';
const R = `/repos/${OWNER}/${REPO}`;

export const CONFIG_PATH = '/contents/.github%2Frunner-doctor.yml';

/** Probot exchanges its JWT for an installation token; a fresh Probot does this once. */
export function mockInstallationToken(base = API): nock.Scope {
  return nock(base)
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: 'ghs_test_installation_token', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
}

/** `.github/runner-doctor.yml` in the repo (text), or absent there and in the org's `.github` repo. */
export function mockConfig(yamlText: string | null): nock.Scope {
  const scope = nock(API).get(`${R}${CONFIG_PATH}`);
  if (yamlText !== null) return scope.reply(200, yamlText, { 'content-type': 'text/plain' });
  return scope.reply(404, { message: 'Not Found' }).get(`/repos/${OWNER}/.github${CONFIG_PATH}`).reply(404, { message: 'Not Found' });
}

export interface JobSpec {
  id: number;
  name: string;
  conclusion?: string;
  labels?: string[];
  runnerName?: string;
}

export function apiJob(j: JobSpec, runId = 1) {
  return {
    id: j.id,
    name: j.name,
    html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${runId}/job/${j.id}`,
    status: 'completed',
    conclusion: j.conclusion ?? 'failure',
    started_at: '2025-12-27T14:02:10Z',
    runner_name: j.runnerName ?? 'arc-runner-set-7lzfm-runner-4gq2x',
    runner_group_name: 'Default',
    labels: j.labels ?? ['arc-runner-set'],
    // Times that frame the seed logs (14:02:11-14:02:24): the failure falls in step 2.
    steps: [
      { name: 'Set up job', number: 1, status: 'completed', conclusion: 'success', started_at: '2025-12-27T14:02:10Z', completed_at: '2025-12-27T14:02:12Z' },
      { name: 'Initialize containers', number: 2, status: 'completed', conclusion: 'failure', started_at: '2025-12-27T14:02:12Z', completed_at: '2025-12-27T14:02:23Z' },
      { name: 'Stop containers', number: 3, status: 'completed', conclusion: 'success', started_at: '2025-12-27T14:02:23Z', completed_at: '2025-12-27T14:02:24Z' },
      { name: 'Complete job', number: 4, status: 'completed', conclusion: 'success', started_at: '2025-12-27T14:02:24Z', completed_at: '2025-12-27T14:02:25Z' },
    ],
  };
}

export function mockJobs(runId: number, attempt: number, jobs: JobSpec[]): nock.Scope {
  return nock(API)
    .get(`${R}/actions/runs/${runId}/attempts/${attempt}/jobs`)
    .query({ per_page: '100' })
    .reply(200, { total_count: jobs.length, jobs: jobs.map((j) => apiJob(j, runId)) });
}

/** A job log: the API redirects to a blob URL, which serves the text. A number is an error status. */
export function mockLog(jobId: number, body: string | Buffer | number): nock.Scope {
  const api = nock(API).get(`${R}/actions/jobs/${jobId}/logs`);
  if (typeof body === 'number') return api.reply(body, { message: `status ${body}` });
  api.reply(302, '', { location: `https://logs.example.test/${jobId}.txt` });
  return nock('https://logs.example.test').get(`/${jobId}.txt`).reply(200, body, { 'content-type': 'text/plain' });
}

/** A repository file at a ref (null: 404). */
export function mockFile(path: string, ref: string, text: string | null): nock.Scope {
  const scope = nock(API).get(`${R}/contents/${encodeURIComponent(path)}`).query({ ref });
  if (text === null) return scope.reply(404, { message: 'Not Found' });
  return scope.reply(200, { type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64') });
}

export function mockListComments(issue: number, comments: unknown[]): nock.Scope {
  return nock(API).get(`${R}/issues/${issue}/comments`).query({ per_page: '100' }).reply(200, comments);
}

/** Captures the body of the comment the app creates. */
export function mockCreateComment(issue: number, sink: string[], id = 900): nock.Scope {
  return nock(API)
    .post(`${R}/issues/${issue}/comments`, (b: { body: string }) => {
      sink.push(b.body);
      return true;
    })
    .reply(201, { id });
}

export function mockUpdateComment(commentId: number, sink: string[]): nock.Scope {
  return nock(API)
    .patch(`${R}/issues/comments/${commentId}`, (b: { body: string }) => {
      sink.push(b.body);
      return true;
    })
    .reply(200, { id: commentId });
}

export function botComment(id: number, body: string, login = 'runner-doctor[bot]') {
  return { id, body, user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }, performed_via_github_app: null };
}

/**
 * Records requests no interceptor matched. The handlers swallow errors (by design), so a test
 * that expects "no call" must check this list, not just that nothing threw.
 */
/** After each test: every nock scope consumed and no request that matched none; then a clean slate. */
export function expectNockDone(unmatched: string[]): void {
  const pending = nock.pendingMocks();
  const stray = unmatched.splice(0);
  nock.cleanAll();
  expect(pending).toEqual([]);
  expect(stray).toEqual([]);
}

export function recordUnmatched(): string[] {
  const unmatched: string[] = [];
  nock.emitter.on('no match', (req: { method?: string; path?: string; options?: { method?: string; path?: string } }) => {
    unmatched.push(`${req.method ?? req.options?.method} ${req.path ?? req.options?.path}`);
  });
  return unmatched;
}
