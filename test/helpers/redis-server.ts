import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * A real `redis-server` (the Debian package `.ci/run` installs) on a free loopback port, in a
 * temporary directory, with the append-only file on: a restart keeps what was written, as a
 * production Redis for the queue must (README, "Several replicas").
 */
export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SHUTDOWN: the AOF is flushed) and, unless `keepData`, removes its files. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startRedisServer(bin = process.env.REDIS_SERVER_BIN ?? 'redis-server'): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'runner-doctor-redis-'));
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always',
        '--save', '', '--maxmemory-policy', 'noeviction', '--protected-mode', 'yes'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const failed = new Promise<never>((_, reject) => {
      child!.once('error', (err) =>
        reject(new Error(
          `cannot start ${bin} (${err.message}): install the redis-server package or set TEST_REDIS_URL`,
        )),
      );
      child!.once('exit', (code) => reject(new Error(`${bin} exited with code ${code} at start`)));
    });
    await Promise.race([waitForPing(url), failed]);
  };
  await start();
  return {
    url,
    port,
    start,
    async stop(opts = {}) {
      const c = child;
      child = null;
      if (c && c.exitCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await exited;
      }
      if (!opts.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try {
      await r.connect();
      if ((await r.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      r.disconnect();
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`redis-server at ${url} did not answer PING within 10 s`);
}
