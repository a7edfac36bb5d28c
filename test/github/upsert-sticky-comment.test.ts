import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STICKY_MARKER } from '../../src/comment/model.js';
import { upsertStickyComment } from '../../src/github/upsert-sticky-comment.js';
import { testOctokit } from '../helpers/test-octokit.js';

const API = 'https://api.github.com';
const COMMENTS = '/repos/acme/app/issues/5/comments';
const identity = { slug: 'runner-doctor', id: 4242 };
const base = { owner: 'acme', repo: 'app', issueNumber: 5, identity };
const sticky = (text: string) => `${STICKY_MARKER}\n${text}`;
const comment = (id: number, login: string, body: string, appId?: number) => ({
  id,
  body,
  user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
  performed_via_github_app: appId ? { id: appId } : null,
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe('upsertStickyComment', () => {
  it('creates the comment when there is none, passing null to update', async () => {
    const seen: (string | null)[] = [];
    const scope = nock(API)
      .get(COMMENTS)
      .query({ per_page: '100' })
      .reply(200, [comment(1, 'alice', 'looks good')])
      .post(COMMENTS, { body: sticky('new') })
      .reply(201, { id: 99 });
    const result = await upsertStickyComment(testOctokit(), {
      ...base,
      update: (existing) => {
        seen.push(existing);
        return { body: sticky('new'), changed: true };
      },
    });
    expect(result).toEqual({ outcome: 'created', commentId: 99 });
    expect(seen).toEqual([null]);
    expect(scope.isDone()).toBe(true);
  });

  it("updates its own comment found on a later page and leaves a look-alike by someone else alone", async () => {
    const scope = nock(API)
      .get(COMMENTS)
      .query({ per_page: '100' })
      .reply(200, [comment(10, 'mallory', sticky('pasted marker'))], {
        link: `<${API}${COMMENTS}?per_page=100&page=2>; rel="next"`,
      })
      .get(COMMENTS)
      .query({ per_page: '100', page: '2' })
      .reply(200, [comment(11, 'runner-doctor[bot]', sticky('old'))])
      .patch('/repos/acme/app/issues/comments/11', { body: sticky('old+new') })
      .reply(200, { id: 11 });
    const result = await upsertStickyComment(testOctokit(), {
      ...base,
      update: (existing) => ({ body: `${existing}+new`, changed: true }),
    });
    expect(result).toEqual({ outcome: 'updated', commentId: 11 });
    expect(scope.isDone()).toBe(true);
  });

  it('recognises its comment by performed_via_github_app when the login differs (GHES, renamed app)', async () => {
    nock(API)
      .get(COMMENTS)
      .query(true)
      .reply(200, [comment(12, 'other-name[bot]', sticky('old'), 4242)])
      .patch('/repos/acme/app/issues/comments/12', { body: sticky('next') })
      .reply(200, { id: 12 });
    const result = await upsertStickyComment(testOctokit(), {
      ...base,
      update: () => ({ body: sticky('next'), changed: true }),
    });
    expect(result.outcome).toBe('updated');
  });

  it('writes nothing when the body is unchanged or update declines', async () => {
    nock(API).get(COMMENTS).query(true).reply(200, [comment(11, 'runner-doctor[bot]', sticky('same'))]);
    expect(
      await upsertStickyComment(testOctokit(), { ...base, update: (b) => ({ body: b!, changed: false }) }),
    ).toEqual({ outcome: 'unchanged', commentId: 11 });
    nock(API).get(COMMENTS).query(true).reply(200, []);
    expect(await upsertStickyComment(testOctokit(), { ...base, update: () => null })).toEqual({
      outcome: 'skipped',
      commentId: null,
    });
  });
});
