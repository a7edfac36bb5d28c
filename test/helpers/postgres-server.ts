import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL from Debian's packages (what `.ci/run` does in .ci/postgres.sh, for a
 * test run started without TEST_DATABASE_URL): a temporary data directory, a Unix socket only,
 * run as the `postgres` user when we are root (PostgreSQL refuses to run as root).
 */
export interface PostgresServer {
  url: string;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const found = existsSync(root)
    ? readdirSync(root).map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')))
    : undefined;
  if (!found) throw new Error('no PostgreSQL under /usr/lib/postgresql: apt-get install postgresql, or set TEST_DATABASE_URL');
  return found;
}

export function startPostgresServer(): PostgresServer {
  const bin = binDir();
  const dir = mkdtempSync('/tmp/runner-doctor-pg-');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(file, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  run(join(bin, 'pg_ctl'), [
    '-D', data, '-l', join(dir, 'server.log'), '-w',
    '-o', `-c listen_addresses='' -c unix_socket_directories='${dir}' -c fsync=off`, 'start',
  ]);
  return {
    url: `postgresql://postgres@localhost/postgres?host=${dir}`,
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
