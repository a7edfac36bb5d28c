import nock from 'nock';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { addReaction } from '../../src/github/reactions.js';
import { testOctokit } from '../helpers/test-octokit.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

it('reacts to the issue comment with the given content', async () => {
  const scope = nock('https://api.github.com')
    .post('/repos/acme/app/issues/comments/77/reactions', { content: 'eyes' })
    .reply(201, { id: 1, content: 'eyes' });
  await addReaction(testOctokit(), { owner: 'acme', repo: 'app', commentId: 77, content: 'eyes' });
  expect(scope.isDone()).toBe(true);
});
