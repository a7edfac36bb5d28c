import nock from 'nock';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { mayRunDiagnose } from '../../src/github/check-permission.js';
import { testOctokit } from '../helpers/test-octokit.js';

const API = 'https://api.github.com';
const ask = (username: string, prAuthor: string | null = 'author') =>
  mayRunDiagnose(testOctokit(), { owner: 'acme', repo: 'app', username, prAuthor });

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

it('lets the PR author run it without asking the API', async () => {
  expect(await ask('author')).toBe(true);
});

it.each([
  ['admin', 'admin', true],
  ['write', 'maintain', true],
  ['write', 'write', true],
  ['read', 'triage', false],
  ['read', 'read', false],
  ['none', 'none', false],
])('permission %s / role %s -> %s', async (permission, role_name, allowed) => {
  const scope = nock(API)
    .get('/repos/acme/app/collaborators/someone/permission')
    .reply(200, { permission, role_name, user: { login: 'someone' } });
  expect(await ask('someone')).toBe(allowed);
  expect(scope.isDone()).toBe(true);
});

it('treats a 404 (not a collaborator) as no access and throws on other errors', async () => {
  nock(API).get('/repos/acme/app/collaborators/stranger/permission').reply(404, { message: 'Not Found' });
  expect(await ask('stranger')).toBe(false);
  nock(API).get('/repos/acme/app/collaborators/stranger/permission').reply(502, { message: 'bad gateway' });
  await expect(ask('stranger')).rejects.toMatchObject({ status: 502 });
});
