import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HEAD_SHA, INSTALLATION_ID, OWNER, REPO } from './webhook-payloads.js';

/**
 * A stand-in GitHub API on loopback for app processes (reached through GHE_HOST, as on GHES):
 * any number of PRs of `octo-org/octo-repo`, one failed job per run (job id = run id * 10 + 1)
 * whose log is the 409 "pod already exists" seed, sticky comments kept in memory. Several
 * listeners share the state, one per app process, so a test knows which process made a call.
 */
const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
export const STAND_IN_LOG = fixture('logs/seed-2-job-pod-exists-409.log');
const WORKFLOW = fixture('workflows/seed-build-and-publish.yml');

export interface StandInComment {
  id: number;
  pr: number;
  body: string;
}

export interface StandInGithub {
  /** One listener per label; `host` is what goes into GHE_HOST. */
  listen(label: string): Promise<{ host: string }>;
  comments: StandInComment[];
  /** Comment creations per PR (a second one for a PR is the bug these tests look for). */
  creates: Map<number, number>;
  /** Requests for job logs, with the listener that got them. */
  logRequests: { jobId: number; label: string }[];
  /** Requests no route matched (a test expects none). */
  unrouted: string[];
  /** While set, log downloads wait until it resolves. */
  holdLogs: Promise<void> | null;
  close(): Promise<void>;
}

export function createStandInGithub(): StandInGithub {
  const servers: Server[] = [];
  let nextCommentId = 1000;
  const state: StandInGithub = {
    comments: [],
    creates: new Map(),
    logRequests: [],
    unrouted: [],
    holdLogs: null,
    async listen(label) {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          void route(req, Buffer.concat(chunks).toString('utf8'), res, label, `http://${host}`).catch((err: Error) => {
            if (!res.headersSent) res.writeHead(500);
            res.end(err.message);
          });
        });
      });
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      return { host };
    },
    async close() {
      await Promise.all(
        servers.map((s) => {
          s.closeAllConnections();
          return new Promise((r) => s.close(r));
        }),
      );
    },
  };

  async function route(req: IncomingMessage, body: string, res: ServerResponse, label: string, base: string) {
    const url = new URL(req.url!, 'http://x');
    const p = decodeURIComponent(url.pathname);
    const json = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(data));
    };
    let m: RegExpMatchArray | null;
    if (req.method === 'POST' && p === `/api/v3/app/installations/${INSTALLATION_ID}/access_tokens`) {
      return json(201, { token: 'ghs_stand_in', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
    }
    if (req.method === 'GET' && p === '/api/v3/app') return json(200, { id: 4242, slug: 'runner-doctor' });
    if (p.endsWith('/contents/.github/runner-doctor.yml')) return json(404, { message: 'Not Found' });
    if ((m = p.match(/^\/api\/v3\/repos\/octo-org\/octo-repo\/contents\/(\.github\/workflows\/[\w-]+\.yml)$/))) {
      if (url.searchParams.get('ref') !== HEAD_SHA) return json(404, { message: 'Not Found' });
      return json(200, { type: 'file', encoding: 'base64', content: Buffer.from(WORKFLOW).toString('base64') });
    }
    if ((m = p.match(/^\/api\/v3\/repos\/octo-org\/octo-repo\/actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/))) {
      const runId = Number(m[1]);
      const jobId = runId * 10 + 1;
      return json(200, {
        total_count: 1,
        jobs: [{
          id: jobId,
          name: 'build-and-push',
          html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${runId}/job/${jobId}`,
          status: 'completed', conclusion: 'failure', started_at: '2025-12-27T14:02:10Z',
          runner_name: 'instant-cf-cached-privileged-kubernetes-qt46h-runner-z7w2p', runner_group_name: 'Default',
          labels: ['instant-cf-cached-privileged-kubernetes'], steps: [],
        }],
      });
    }
    if ((m = p.match(/^\/api\/v3\/repos\/octo-org\/octo-repo\/actions\/jobs\/(\d+)\/logs$/))) {
      state.logRequests.push({ jobId: Number(m[1]), label });
      if (state.holdLogs) await state.holdLogs;
      res.writeHead(302, { location: `${base}/blobs/job-${m[1]}.txt` });
      return void res.end();
    }
    if (p.startsWith('/blobs/job-')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(STAND_IN_LOG);
    }
    if (req.method === 'GET' && (m = p.match(/^\/api\/v3\/repos\/octo-org\/octo-repo\/issues\/(\d+)\/comments$/))) {
      const pr = Number(m[1]);
      const list = state.comments.filter((c) => c.pr === pr);
      const bot = { login: 'runner-doctor[bot]', type: 'Bot' };
      return json(200, list.map((c) => ({ id: c.id, body: c.body, user: bot })));
    }
    if (req.method === 'POST' && (m = p.match(/^\/api\/v3\/repos\/octo-org\/octo-repo\/issues\/(\d+)\/comments$/))) {
      const pr = Number(m[1]);
      const id = nextCommentId++;
      state.comments.push({ id, pr, body: (JSON.parse(body) as { body: string }).body });
      state.creates.set(pr, (state.creates.get(pr) ?? 0) + 1);
      return json(201, { id });
    }
    if (req.method === 'PATCH' && (m = p.match(/^\/api\/v3\/repos\/octo-org\/octo-repo\/issues\/comments\/(\d+)$/))) {
      const c = state.comments.find((x) => x.id === Number(m![1]));
      if (!c) return json(404, { message: 'Not Found' });
      c.body = (JSON.parse(body) as { body: string }).body;
      return json(200, { id: c.id });
    }
    state.unrouted.push(`${req.method} ${p}`);
    json(404, { message: `stand-in API has no route for ${req.method} ${p}` });
  }

  return state;
}

