import nock from 'nock';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { getFile } from '../../src/github/get-file.js';
import { testOctokit } from '../helpers/test-octokit.js';

const API = 'https://api.github.com';
const where = { owner: 'acme', repo: 'app', path: '.github/workflows/ci.yml', ref: 'abc123' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

it('decodes the file at the ref', async () => {
  nock(API)
    .get('/repos/acme/app/contents/.github%2Fworkflows%2Fci.yml')
    .query({ ref: 'abc123' })
    .reply(200, { type: 'file', encoding: 'base64', content: Buffer.from('name: ci\n').toString('base64') });
  expect(await getFile(testOctokit(), where)).toBe('name: ci\n');
});

it('returns null when the file does not exist at the ref', async () => {
  nock(API).get('/repos/acme/app/contents/.github%2Fworkflows%2Fci.yml').query(true).reply(404, { message: 'Not Found' });
  expect(await getFile(testOctokit(), where)).toBeNull();
});

it('throws on other errors and on a directory', async () => {
  nock(API).get('/repos/acme/app/contents/.github%2Fworkflows%2Fci.yml').query(true).reply(500, { message: 'boom' });
  await expect(getFile(testOctokit(), where)).rejects.toMatchObject({ status: 500 });
  nock(API).get('/repos/acme/app/contents/.github%2Fworkflows%2Fci.yml').query(true).reply(200, []);
  await expect(getFile(testOctokit(), where)).rejects.toThrow('.github/workflows/ci.yml at abc123 is a directory, not a file');
});
