import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testPrivateKey } from './test-octokit.js';
import { freePort } from './redis-server.js';

/**
 * The built app (`lib/`, made by `npm run build`, which `npm test` runs first) as its own
 * process, started the way the Docker image starts it (`probot run ./lib/index.js`), but with
 * GitHub's write pacing ten times shorter (test/helpers/probot-run-test-pacing.mjs).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WEBHOOK_SECRET = 'multi-process-secret';

export interface AppProcess {
  name: string;
  base: string;
  child: ChildProcess;
  /** Its JSON log lines so far (printed by the tests when they fail). */
  output: string[];
  post(payload: unknown, event: string, delivery: string): Promise<Response>;
  /** Resolves with the signal or code it ended with. */
  exited: Promise<string>;
}

export async function startAppProcess(name: string, env: Record<string, string>): Promise<AppProcess> {
  const entry = `${ROOT}lib/index.js`;
  if (!existsSync(entry) || !existsSync(`${ROOT}lib/queue/redis-queue.js`)) {
    throw new Error('lib/ is missing or stale: run `npm run build` (npm test does) before these tests');
  }
  const port = await freePort();
  const child = spawn(process.execPath, [`${ROOT}test/helpers/probot-run-test-pacing.mjs`, './lib/index.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      APP_ID: '4242',
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      GHE_PROTOCOL: 'http',
      // Its own history file, as a pod has, and none in the repository.
      DATA_DIR: mkdtempSync(join(tmpdir(), `runner-doctor-${name}-`)),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 5000) output.splice(0, output.length - 5000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(signal ?? `code ${code}`)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited at start:\n${output.join('\n')}`);
    try {
      if ((await (await fetch(`${base}/ping`)).text()) === 'PONG') break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`${name} did not answer /ping within 30 s:\n${output.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    base,
    child,
    output,
    exited,
    post(payload, event, delivery) {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
      return fetch(`${base}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': delivery,
          'x-hub-signature-256': signature,
        },
        body,
      });
    },
  };
}

/** Ends a process started here and waits for it (SIGKILL if it outlives `graceMs`). */
export async function stopAppProcess(app: AppProcess | undefined, graceMs = 5000): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  const t = setTimeout(() => app.child.kill('SIGKILL'), graceMs);
  await app.exited;
  clearTimeout(t);
}

/** Polls `check` until it returns true (bounded; the error names what was awaited). */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
