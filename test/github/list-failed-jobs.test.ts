import nock from 'nock';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { listFailedJobs } from '../../src/github/list-failed-jobs.js';
import { testOctokit } from '../helpers/test-octokit.js';

const API = 'https://api.github.com';
const job = (id: number, conclusion: string | null) => ({
  id, name: `job ${id}`, html_url: null, status: 'completed', conclusion, started_at: null, runner_name: null, labels: [], steps: [],
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

it('reads every page of the attempt and keeps failed and timed-out jobs', async () => {
  const path = '/repos/acme/app/actions/runs/55/attempts/2/jobs';
  const scope = nock(API)
    .get(path)
    .query({ per_page: '100' })
    .reply(200, { total_count: 5, jobs: [job(1, 'success'), job(2, 'failure'), job(3, 'cancelled')] }, {
      link: `<${API}${path}?per_page=100&page=2>; rel="next", <${API}${path}?per_page=100&page=2>; rel="last"`,
    })
    .get(path)
    .query({ per_page: '100', page: '2' })
    .reply(200, { total_count: 5, jobs: [job(4, 'timed_out'), job(5, 'skipped')] });
  const jobs = await listFailedJobs(testOctokit(), { owner: 'acme', repo: 'app', runId: 55, attempt: 2 });
  expect(jobs.map((j) => j.id)).toEqual([2, 4]);
  expect(scope.isDone()).toBe(true);
});
