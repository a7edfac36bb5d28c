import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HEAD_SHA, OWNER, REPO, workflowRunPayload } from './webhook-payloads.js';

export interface Request {
  method: string;
  path: string;
  body: string;
  authorization?: string | undefined;
}

/** Answers a request instead of the normal route (return true), e.g. to inject a fault once. */
export type Fault = (req: Request, res: ServerResponse, api: FakeGitHub) => boolean;

/**
 * GitHub's API played on loopback (reached through GHE_HOST/GHE_PROTOCOL): the routes one failed
 * run on PR #2 and `/diagnose` need, with real comment state and faults injected per test.
 */
export class FakeGitHub {
  server: Server | undefined;
  base = '';
  readonly requests: Request[] = [];
  readonly comments: { id: number; body: string; login: string }[] = [];
  readonly reactions: string[] = [];
  faults: Fault[] = [];
  log = 'Some output\n';
  workflow = 'on: push\njobs:\n  build-and-push:\n    runs-on: arc\n    steps: [{ run: "true" }]\n';
  /** Author of the comments this API creates (the Action's token writes as github-actions[bot]). */
  botLogin = 'runner-doctor[bot]';
  /** What `GET .../collaborators/{user}/permission` answers. */
  permission = 'read';
  /** Runs by id for `GET .../actions/runs/{id}` (default: the PR's failed run 289782451). */
  runs = new Map<string, Record<string, unknown>>([['289782451', workflowRunPayload().workflow_run as Record<string, unknown>]]);

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const r = { method: req.method!, path: new URL(req.url!, 'http://x').pathname, body, authorization: req.headers.authorization };
        this.requests.push(r);
        for (const f of this.faults) if (f(r, res, this)) return;
        this.route(req, r, res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests whose `METHOD path` matches. */
  count(method: string, pathEnd: string): number {
    return this.requests.filter((r) => r.method === method && r.path.endsWith(pathEnd)).length;
  }

  addComment(body: string): number {
    const id = this.comments.length + 1;
    this.comments.push({ id, body, login: this.botLogin });
    return id;
  }

  private route(req: IncomingMessage, r: Request, res: ServerResponse): void {
    const json = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(data));
    };
    const R = `/api/v3/repos/${OWNER}/${REPO}`;
    const p = r.path;
    const url = new URL(req.url!, 'http://x');
    if (r.method === 'POST' && /^\/api\/v3\/app\/installations\/\d+\/access_tokens$/.test(p)) {
      return json(201, { token: 'ghs_fake', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
    }
    if (r.method === 'GET' && p === '/api/v3/app') return json(200, { id: 4242, slug: 'runner-doctor' });
    if (p.endsWith('/contents/.github/runner-doctor.yml')) return json(404, { message: 'Not Found' });
    if (p === `${R}/contents/.github/workflows/build.yml`) {
      return json(200, { type: 'file', encoding: 'base64', content: Buffer.from(this.workflow).toString('base64') });
    }
    const jobs = /\/actions\/runs\/(\d+)\/attempts\/\d+\/jobs$/.exec(p);
    if (jobs) {
      return json(200, {
        total_count: 1,
        jobs: [{
          id: 31, name: 'build-and-push', html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${jobs[1]}/job/31`,
          status: 'completed', conclusion: 'failure', started_at: '2025-12-27T14:02:10Z', runner_name: 'arc-runner-x',
          runner_group_name: 'Default', labels: ['arc'], steps: [],
        }],
      });
    }
    if (p === `${R}/actions/jobs/31/logs`) {
      res.writeHead(302, { location: `${this.base}/blobs/job-31.txt` });
      return void res.end();
    }
    if (p === '/blobs/job-31.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(this.log);
    }
    if (r.method === 'GET' && p === `${R}/issues/2/comments`) {
      return json(200, this.comments.map((c) => ({ id: c.id, body: c.body, user: { login: c.login, type: 'Bot' } })));
    }
    if (r.method === 'POST' && p === `${R}/issues/2/comments`) {
      return json(201, { id: this.addComment((JSON.parse(r.body) as { body: string }).body) });
    }
    const patch = /\/issues\/comments\/(\d+)$/.exec(p);
    if (r.method === 'PATCH' && patch) {
      const c = this.comments.find((x) => x.id === Number(patch[1]));
      if (c) c.body = (JSON.parse(r.body) as { body: string }).body;
      return json(c ? 200 : 404, { id: Number(patch[1]) });
    }
    if (r.method === 'POST' && p.endsWith('/reactions')) {
      this.reactions.push((JSON.parse(r.body) as { content: string }).content);
      return json(201, {});
    }
    if (r.method === 'GET' && p === `${R}/pulls/2`) return json(200, { number: 2, head: { sha: HEAD_SHA } });
    if (r.method === 'GET' && p === `${R}/pulls/2/commits`) return json(200, [{ sha: HEAD_SHA }]);
    const perm = /\/collaborators\/([^/]+)\/permission$/.exec(p);
    if (perm) return json(200, { permission: this.permission, role_name: this.permission });
    if (r.method === 'GET' && p === `${R}/actions/runs` && url.searchParams.get('head_sha') === HEAD_SHA) {
      return json(200, { total_count: 1, workflow_runs: [...this.runs.values()].filter((x) => x.head_sha === HEAD_SHA) });
    }
    const run = /\/actions\/runs\/(\d+)$/.exec(p);
    if (r.method === 'GET' && run) {
      const found = this.runs.get(run[1]!);
      return found ? json(200, found) : json(404, { message: 'Not Found' });
    }
    json(404, { message: `fake GitHub has no route for ${r.method} ${p}` });
  }
}

/** A fault that fires for the first `times` requests matching `method` and `pathEnd`. */
export function failFirst(
  method: string,
  pathEnd: string,
  times: number,
  answer: (req: Request, res: ServerResponse, api: FakeGitHub) => void,
): Fault {
  let left = times;
  return (req, res, api) => {
    if (left <= 0 || req.method !== method || !req.path.endsWith(pathEnd)) return false;
    left--;
    answer(req, res, api);
    return true;
  };
}
