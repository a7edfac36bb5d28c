import nock from 'nock';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Probot } from 'probot';
import { afterEach, beforeAll, expect, it } from 'vitest';
import type { HistoryRuntime } from '../../src/history/history-runtime.js';
import { createRunnerDoctor } from '../../src/index.js';
import { createInProcessQueue, type JobQueue } from '../../src/queue/job-queue.js';
import { recordUnmatched } from '../helpers/github-api.js';
import { memoryLogger } from '../helpers/memory-logger.js';
import { TEST_APP_ID, TestOctokit, testPrivateKey } from '../helpers/test-octokit.js';
import { INSTALLATION_ID, workflowRunPayload } from '../helpers/webhook-payloads.js';

const unmatched = recordUnmatched();
let history: HistoryRuntime | null = null;
beforeAll(() => nock.disableNetConnect());
afterEach(async () => {
  await history?.stop();
  history = null;
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
  expect(unmatched.splice(0)).toEqual([]);
});

it('a suspended installation is named in the log once an hour, however many events arrive', async () => {
  const log = memoryLogger();
  let now = Date.UTC(2026, 0, 1);
  let queue!: JobQueue;
  const probot = new Probot({ appId: TEST_APP_ID, privateKey: testPrivateKey(), Octokit: TestOctokit, log });
  const dir = mkdtempSync(join(tmpdir(), 'rd-access-'));
  await createRunnerDoctor({
    env: { DATA_DIR: dir },
    now: () => now,
    sleep: async () => undefined,
    queue: (work) => (queue = createInProcessQueue(work, { concurrency: 1, onError: () => undefined })),
    onHistory: (h) => (history = h),
  })(probot);
  const tokens = nock('https://api.github.com')
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(403, { message: 'This installation has been suspended' })
    .persist();
  const deliver = async (runId: number) => {
    await probot.receive({ id: `d-${runId}`, name: 'workflow_run', payload: workflowRunPayload({ runId }) } as Parameters<Probot['receive']>[0]);
    await queue.onIdle();
  };
  const lines = () => log.entries.filter((e) => e.fields.outcome === 'access-problem').map((e) => e.msg);
  await deliver(1);
  await deliver(2);
  const suspended =
    `the installation was suspended (installation ${INSTALLATION_ID}, octo-org/octo-repo): ` +
    `POST /app/installations/${INSTALLATION_ID}/access_tokens answered 403 "This installation has been suspended"; ` +
    "unsuspend it in the account's Settings → GitHub Apps → Configure";
  expect(lines()).toEqual([suspended]);
  // Again once more than the hour has passed.
  now += 60 * 60 * 1000 + 1;
  await deliver(3);
  expect(lines()).toEqual([suspended, suspended]);
  expect(tokens.isDone()).toBe(true);
});
