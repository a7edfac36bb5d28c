import { readFileSync } from 'node:fs';
import nock from 'nock';
import { Probot } from 'probot';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { buildFixes } from '../../src/fixes/build-fixes.js';
import { createAppDeps } from '../../src/handlers/app-deps.js';
import { handleWorkflowRun } from '../../src/handlers/handle-workflow-run.js';
import {
  mockConfig, mockCreateComment, mockFile, mockInstallationToken, mockJobs, mockListComments, mockLog, recordUnmatched,
} from '../helpers/github-api.js';
import { memoryLogger } from '../helpers/memory-logger.js';
import { TEST_APP_ID, TestOctokit, testPrivateKey } from '../helpers/test-octokit.js';
import { HEAD_SHA, workflowRunPayload } from '../helpers/webhook-payloads.js';

const unmatched = recordUnmatched();
beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
  expect(unmatched.splice(0)).toEqual([]);
});

it('logs one outcome word per step with repo, run and job, and never the token', async () => {
  const log = memoryLogger();
  const probot = new Probot({ appId: TEST_APP_ID, privateKey: testPrivateKey(), Octokit: TestOctokit, log });
  const deps = createAppDeps({ catalog: await loadCatalog(), buildFixes, sleep: async () => undefined, fetchIdentity: async () => ({ slug: 'runner-doctor', id: 4242 }) });
  probot.on('workflow_run.completed', (context) => handleWorkflowRun(context, deps));
  mockInstallationToken();
  mockConfig(null);
  mockFile('.github/workflows/build.yml', HEAD_SHA, readFileSync(new URL('../fixtures/workflows/seed-build-and-publish.yml', import.meta.url), 'utf8'));
  mockJobs(289782451, 1, [{ id: 11, name: 'build-and-push' }, { id: 12, name: 'lint' }]);
  mockLog(11, readFileSync(new URL('../fixtures/logs/seed-2-job-pod-exists-409.log', import.meta.url)));
  mockLog(12, 410);
  mockListComments(2, []);
  mockCreateComment(2, []);
  await probot.receive({ id: 'log-1', name: 'workflow_run', payload: workflowRunPayload() } as Parameters<Probot['receive']>[0]);

  const outcomes = log.entries
    .filter((e) => e.fields.outcome)
    .map((e) => ({ outcome: e.fields.outcome, repo: e.fields.repo, run: e.fields.run, job: e.fields.job, pr: e.fields.pr }));
  expect(outcomes).toEqual([
    { outcome: 'diagnosed', repo: 'octo-org/octo-repo', run: 289782451, job: 11, pr: undefined },
    { outcome: 'log-expired', repo: 'octo-org/octo-repo', run: 289782451, job: 12, pr: undefined },
    { outcome: 'comment-created', repo: 'octo-org/octo-repo', run: 289782451, job: undefined, pr: 2 },
  ]);
  expect(JSON.stringify(log.entries)).not.toContain('ghs_test_installation_token');
});
