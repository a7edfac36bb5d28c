import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it, onTestFailed } from 'vitest';
import { parseSections } from '../../src/comment/section-markers.js';
import { startAppProcess, stopAppProcess, waitFor, type AppProcess } from '../helpers/app-process.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { createStandInGithub, type StandInGithub } from '../helpers/stand-in-github.js';
import { workflowRunPayload } from '../helpers/webhook-payloads.js';

/**
 * Several replicas on one Redis, as separate processes of the built app, against the stand-in
 * GitHub API: what a user sees is one sticky comment per PR with every workflow's section, and
 * nothing lost when a process or Redis goes away.
 */
let apps: AppProcess[] = [];
let api: StandInGithub | undefined;
let ownRedis: RedisServer | undefined;

afterEach(async () => {
  await Promise.all(apps.map((a) => stopAppProcess(a)));
  apps = [];
  await api?.close();
  api = undefined;
  await ownRedis?.stop();
  ownRedis = undefined;
});

/** A database of the suite's Redis for this test alone, emptied first. */
async function redisDb(db: number): Promise<string> {
  const url = `${inject('redisUrl')}/${db}`;
  const r = new Redis(url);
  await r.flushdb();
  await r.quit();
  return url;
}

async function startApps(redisUrl: string, n: number, extra: Record<string, string> = {}): Promise<AppProcess[]> {
  api = createStandInGithub();
  const started = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const { host } = await api!.listen(`app-${i}`);
      return startAppProcess(`app-${i}`, {
        REDIS_URL: redisUrl,
        GHE_HOST: host,
        // A dead worker's job is taken by another within seconds (default 30 s); not less, or a
        // worker slowed down by a busy machine would lose its jobs to the stalled check.
        QUEUE_LOCK_SECONDS: '5',
        QUEUE_BACKOFF_SECONDS: '1',
        ...extra,
      });
    }),
  );
  apps.push(...started);
  onTestFailed(() => {
    // Where to look when it fails: each process's last log lines.
    for (const a of apps) {
      process.stderr.write(`--- ${a.name} log (last 80 lines)\n${a.output.slice(-80).join('\n')}\n`);
    }
  });
  return started;
}

const WORKFLOWS = 5;
const run = (pr: number, w: number) =>
  workflowRunPayload({
    runId: 7000 + pr * 10 + w, prs: [pr], path: `.github/workflows/w${w}.yml`, name: `Workflow ${w}`, workflowId: 100 + w,
  });

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Each PR's comments: exactly one, holding a failed section per expected workflow. */
function expectOneCommentPerPr(prs: number[], workflowsOf: (pr: number) => number[]): void {
  for (const pr of prs) {
    const comments = api!.comments.filter((c) => c.pr === pr);
    expect(comments, `PR #${pr}`).toHaveLength(1);
    expect(api!.creates.get(pr), `creations for PR #${pr}`).toBe(1);
    const sections = parseSections(comments[0]!.body).map((s) => s.meta);
    expect(sections.map((s) => s.workflowKey).sort(), `sections of PR #${pr}`).toEqual(
      workflowsOf(pr).map((w) => `.github/workflows/w${w}.yml`).sort(),
    );
    expect(sections.every((s) => s.status === 'failed')).toBe(true);
  }
  expect(api!.unrouted).toEqual([]);
}

const allSectionsIn = (prs: number[], workflowsOf: (pr: number) => number[]) => () =>
  prs.every((pr) => {
    const c = api!.comments.find((x) => x.pr === pr);
    return !!c && parseSections(c.body).length === workflowsOf(pr).length;
  });

describe('two app processes on one Redis', () => {
  it('50 deliveries for 10 PRs, in random order across both: one comment per PR with every section', async () => {
    const [a, b] = await startApps(await redisDb(1), 2);
    const prs = Array.from({ length: 10 }, (_, i) => i + 1);
    const deliveries = shuffle(prs.flatMap((pr) => Array.from({ length: WORKFLOWS }, (_, w) => ({ pr, w }))));
    const answers = await Promise.all(
      deliveries.map(({ pr, w }, i) => (i % 2 ? a! : b!).post(run(pr, w), 'workflow_run', `d-${pr}-${w}`)),
    );
    expect(answers.map((r) => r.status)).toEqual(deliveries.map(() => 200));
    // GitHub redelivers some to the other replica: the queue knows their ids.
    const again = await Promise.all(
      deliveries.slice(0, 10).map(({ pr, w }, i) => (i % 2 ? b! : a!).post(run(pr, w), 'workflow_run', `d-${pr}-${w}`)),
    );
    expect(again.map((r) => r.status)).toEqual(again.map(() => 200));
    const everyWorkflow = () => Array.from({ length: WORKFLOWS }, (_, w) => w);
    // GitHub's write pacing (1 s between comment writes, shared through Redis by both processes)
    // makes this take about a minute.
    await waitFor('every section in every comment', allSectionsIn(prs, everyWorkflow), 200_000);
    // The queue is empty and each delivery ran once: nothing still on its way to a second comment.
    await waitFor('the queue to drain', async () => {
      const m = await (await fetch(`${a!.base}/metrics`)).text();
      return /runner_doctor_queue_jobs\{state="completed"\} 50\b/.test(m) && /state="active"\} 0\b/.test(m) &&
        /state="waiting"\} 0\b/.test(m);
    });
    expectOneCommentPerPr(prs, everyWorkflow);
    expect(new Set(api!.logRequests.map((r) => r.jobId)).size).toBe(50);
    // Both processes did part of the work.
    expect(new Set(api!.logRequests.map((r) => r.label))).toEqual(new Set(['app-0', 'app-1']));
  }, 240_000);

  it('a worker killed with SIGKILL mid-diagnosis: the other runs the job, the comment appears once', async () => {
    const [a, b] = await startApps(await redisDb(2), 2, { WORKER_CONCURRENCY: '1' });
    let release!: () => void;
    api!.holdLogs = new Promise<void>((r) => (release = r));
    // Whichever process takes the delivery is the one killed, in the middle of its log download.
    expect((await a!.post(run(1, 0), 'workflow_run', 'kill-me')).status).toBe(200);
    await waitFor('a log download', () => api!.logRequests.length === 1);
    const victim = api!.logRequests[0]!.label === 'app-0' ? a! : b!;
    const survivor = victim === a ? b! : a!;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    api!.holdLogs = null;
    release();
    await waitFor('the comment', allSectionsIn([1], () => [0]), 120_000);
    await waitFor('the queue to drain', async () =>
      /state="completed"\} 1\b/.test(await (await fetch(`${survivor.base}/metrics`)).text()));
    expectOneCommentPerPr([1], () => [0]);
    expect(api!.logRequests.map((r) => r.label)).toEqual([victim.name, survivor.name]);
  }, 180_000);

  it('Redis restarted during the run: no event lost once it is back', async () => {
    ownRedis = await startRedisServer();
    const [a, b] = await startApps(ownRedis.url, 2);
    let release!: () => void;
    api!.holdLogs = new Promise<void>((r) => (release = r));
    const prs = [1, 2, 3, 4];
    // Before: 8 events queued or running (their log downloads held) when Redis goes away.
    const before = await Promise.all(
      prs.flatMap((pr) => [0, 1].map((w) => (pr % 2 ? a! : b!).post(run(pr, w), 'workflow_run', `r-${pr}-${w}`))),
    );
    expect(before.map((r) => r.status)).toEqual(before.map(() => 200));
    await waitFor('log downloads to start', () => api!.logRequests.length >= 2);
    await ownRedis.stop({ keepData: true });
    // During: 8 more arrive while Redis is down; the answers wait for it (within 8 s).
    const during = prs.flatMap((pr) =>
      [2, 3].map((w) => (pr % 2 ? b! : a!).post(run(pr, w), 'workflow_run', `r-${pr}-${w}`)));
    await new Promise((r) => setTimeout(r, 1000));
    api!.holdLogs = null;
    release();
    await ownRedis.start();
    expect((await Promise.all(during)).map((r) => r.status)).toEqual(during.map(() => 200));
    const four = () => [0, 1, 2, 3];
    await waitFor('every section in every comment', allSectionsIn(prs, four), 150_000);
    await waitFor('the queue to drain', async () => {
      const m = await (await fetch(`${a!.base}/metrics`)).text();
      return /state="completed"\} 16\b/.test(m) && /state="active"\} 0\b/.test(m) && /state="waiting"\} 0\b/.test(m);
    });
    expectOneCommentPerPr(prs, four);
  }, 240_000);
});
