import nock from 'nock';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptedPermissions } from '../../src/github/access-problem.js';
import { endpointPermission } from '../../src/github/endpoint-permissions.js';
import { reportAccessProblems } from '../../src/github/report-access-problems.js';
import { RecentKeys } from '../../src/state/recent-keys.js';
import { memoryLogger } from '../helpers/memory-logger.js';
import { testOctokit } from '../helpers/test-octokit.js';

const API = 'https://api.github.com';
const REPO = 'octo-org/octo-repo';
const JOBS = `/repos/${REPO}/actions/runs/7/attempts/1/jobs`;
const HOUR = 60 * 60 * 1000;
const NOT_ACCESSIBLE = { message: 'Resource not accessible by integration', status: '403' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

/** One event's octokit for installation 42, as src/index.ts wires it; the clock is the test's. */
function setup() {
  let t = 1_000_000;
  const log = memoryLogger();
  const once = new RecentKeys(100, HOUR, () => t);
  const event = (installationId = 42) => {
    const octokit = testOctokit();
    reportAccessProblems(octokit, { installationId, repo: REPO, log, once });
    return octokit;
  };
  const lines = () => log.entries.filter((e) => e.fields.outcome === 'access-problem');
  return { event, lines, advance: (ms: number) => (t += ms) };
}

async function status(p: Promise<unknown>): Promise<number | undefined> {
  return p.then(() => 200, (err: { status?: number }) => err.status);
}

describe('a 403 names the missing permission', () => {
  it('once per installation and hour, not per event; again after the hour', async () => {
    const { event, lines, advance } = setup();
    nock(API).get(JOBS).times(4).reply(403, NOT_ACCESSIBLE, { 'x-accepted-github-permissions': 'actions=read' });
    // The error still reaches the handler, which reports it as before.
    expect(await status(event().request(`GET ${JOBS}`))).toBe(403);
    expect(await status(event().request(`GET ${JOBS}`))).toBe(403);
    expect(lines()).toEqual([
      {
        level: 'warn',
        fields: { outcome: 'access-problem', installation: 42, repo: REPO, status: 403, request: `GET ${JOBS}` },
        msg:
          `actions: read is missing on ${REPO} (installation 42): GET ${JOBS} answered 403 ` +
          '"Resource not accessible by integration"; add it under Permissions in the app\'s settings, then accept ' +
          'the new permissions on the installation (Settings → GitHub Apps → Configure)',
      },
    ]);
    advance(HOUR);
    expect(await status(event().request(`GET ${JOBS}`))).toBe(403);
    expect(lines()).toHaveLength(1);
    // The window is over once more than the hour has passed since the line.
    advance(1);
    expect(await status(event().request(`GET ${JOBS}`))).toBe(403);
    expect(lines()).toHaveLength(2);
  });

  it('each installation gets its own line', async () => {
    const { event, lines } = setup();
    nock(API).get(JOBS).times(2).reply(403, NOT_ACCESSIBLE);
    await status(event(42).request(`GET ${JOBS}`));
    await status(event(43).request(`GET ${JOBS}`));
    expect(lines().map((l) => l.fields.installation)).toEqual([42, 43]);
  });

  it('without x-accepted-github-permissions the permission comes from the endpoint map', async () => {
    const { event, lines } = setup();
    const rerun = `/repos/${REPO}/actions/runs/7/rerun-failed-jobs`;
    nock(API).post(rerun).reply(403, NOT_ACCESSIBLE);
    await status(event().request(`POST ${rerun}`));
    expect(lines()[0]!.msg).toMatch(/^actions: write is missing on octo-org\/octo-repo \(installation 42\): POST /);
  });

  it('a rate limit is no permission problem', async () => {
    const { event, lines } = setup();
    nock(API).get(JOBS).reply(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' });
    expect(await status(event().request(`GET ${JOBS}`))).toBe(403);
    expect(lines()).toEqual([]);
  });

  it('reads alternative permission sets from the header', () => {
    expect(acceptedPermissions('repository_projects=write; organization_projects=admin')).toBe(
      'repository_projects: write, or organization_projects: admin',
    );
    expect(acceptedPermissions('contents=read,pull_requests=read')).toBe('contents: read and pull_requests: read');
    expect(acceptedPermissions(undefined)).toBeNull();
  });
});

describe('a 404 or 401 names the installation problem', () => {
  it('a 404 on a run says the app is not installed on the repository', async () => {
    const { event, lines } = setup();
    nock(API).get(`/repos/${REPO}/actions/runs/7`).reply(404, { message: 'Not Found' });
    await status(event().request(`GET /repos/${REPO}/actions/runs/7`));
    expect(lines()[0]!.msg).toMatch(
      /^the app is not installed on octo-org\/octo-repo, or the repository is not among the repositories installation 42 may access/,
    );
  });

  it('a 404 the caller expects (a missing file, a log not ready) is not logged', async () => {
    const { event, lines } = setup();
    nock(API)
      .get(`/repos/${REPO}/contents/.github/runner-doctor.yml`).reply(404, { message: 'Not Found' })
      .get(`/repos/${REPO}/actions/jobs/9/logs`).reply(404, { message: 'Not Found' });
    await status(event().request(`GET /repos/${REPO}/contents/.github/runner-doctor.yml`));
    await status(event().request(`GET /repos/${REPO}/actions/jobs/9/logs`));
    expect(lines()).toEqual([]);
  });

  it('a 401 says which credentials to check', async () => {
    const { event, lines } = setup();
    nock(API).get(JOBS).reply(401, { message: 'Bad credentials' });
    await status(event().request(`GET ${JOBS}`));
    expect(lines()[0]!.msg).toMatch(
      /^GitHub refused the app's credentials: GET .* answered 401 "Bad credentials"; check that APP_ID and PRIVATE_KEY \(or PRIVATE_KEY_PATH\)/,
    );
  });
});

describe('the endpoint map', () => {
  /** Every `octokit.request('M /path'` and `octokit.rest.x.y` call of the app's server code. */
  function apiCalls(): string[] {
    const octokit = testOctokit() as unknown as Record<string, Record<string, Record<string, { endpoint: { DEFAULTS: { method: string; url: string } } }>>>;
    const calls = new Set<string>();
    const scan = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) scan(path);
        else if (path.endsWith('.ts')) {
          const text = readFileSync(path, 'utf8');
          for (const m of text.matchAll(/octokit\.request\(\s*'([A-Z]+ [^']+)'/g)) calls.add(m[1]!);
          for (const m of text.matchAll(/octokit\.rest\.(\w+)\.(\w+)/g)) {
            const d = octokit.rest![m[1]!]![m[2]!]!.endpoint.DEFAULTS;
            calls.add(`${d.method} ${d.url}`);
          }
        }
      }
    };
    scan('src/github');
    scan('src/handlers');
    return [...calls];
  }

  it('names a permission for every repository call the app makes', () => {
    const calls = apiCalls().filter((c) => c.includes(' /repos/'));
    expect(calls.length).toBeGreaterThan(10);
    for (const call of calls) {
      const [method, route] = call.split(' ') as [string, string];
      const path = route.replace(/\{[^}]+\}/g, 'x');
      expect(endpointPermission(method, path), call).not.toBeNull();
    }
  });
});
