import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findPullRequests, type RunRef } from '../../src/github/find-pull-requests.js';
import { testOctokit } from '../helpers/test-octokit.js';

const API = 'https://api.github.com';
const base: RunRef = {
  owner: 'acme',
  repo: 'app',
  repoId: 100,
  headSha: 'a'.repeat(40),
  headBranch: 'feature',
  headOwner: 'forker',
  pullRequests: [],
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe('findPullRequests', () => {
  it('uses the payload PRs of this base repository and makes no API call', async () => {
    const prs = await findPullRequests(testOctokit(), {
      ...base,
      pullRequests: [
        { number: 7, base: { repo: { id: 100 } } },
        { number: 3, base: { repo: { id: 999 } } }, // same branch PR'd into another repo
        { number: 5, base: { repo: { id: 100 } } },
      ],
    });
    expect(prs).toEqual([5, 7]);
  });

  it('falls back to pulls.list by owner:branch for fork PRs, keeping only PRs at the run head', async () => {
    const scope = nock(API)
      .get('/repos/acme/app/pulls')
      .query({ state: 'open', head: 'forker:feature', per_page: '100' })
      .reply(200, [
        { number: 12, head: { sha: 'a'.repeat(40) }, base: { repo: { id: 100 } } },
        { number: 13, head: { sha: 'b'.repeat(40) }, base: { repo: { id: 100 } } },
      ]);
    const prs = await findPullRequests(testOctokit(), {
      ...base,
      pullRequests: [{ number: 3, base: { repo: { id: 999 } } }],
    });
    expect(prs).toEqual([12]);
    expect(scope.isDone()).toBe(true);
  });

  it('returns nothing without a head owner or branch (no call)', async () => {
    expect(await findPullRequests(testOctokit(), { ...base, headOwner: null })).toEqual([]);
    expect(await findPullRequests(testOctokit(), { ...base, headBranch: null })).toEqual([]);
  });

  it('keeps calls on a GHES base URL', async () => {
    const scope = nock('https://ghe.example.test')
      .get('/api/v3/repos/acme/app/pulls')
      .query(true)
      .reply(200, []);
    expect(await findPullRequests(testOctokit('https://ghe.example.test/api/v3'), base)).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });
});
