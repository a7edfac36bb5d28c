import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

type Service = { depends_on?: Record<string, { condition: string }>; volumes?: string[]; stop_grace_period?: string; build?: string; image?: string; env_file?: string | string[]; restart?: string; ports?: string[]; healthcheck?: { test: string[] }; profiles?: string[]; command?: string[]; environment?: Record<string, string> };
const compose = yaml.load(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };


/** Runs `docker-compose config -q` on a compose text in a scratch directory with a .env from .env.example. */
function composeConfig(text: string): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'rd-compose-'));
  writeFileSync(join(dir, 'docker-compose.yml'), text);
  copyFileSync('.env.example', join(dir, '.env'));
  return spawnSync('docker-compose', ['config', '-q'], { cwd: dir, stdio: 'pipe' }).status;
}

describe('docker-compose.yml', () => {
  it('the app: built here, env file, restart policy, port 3000, /ping healthcheck, HOST=0.0.0.0', () => {
    const app = compose.services['runner-doctor']!;
    expect(app.build).toBe('.');
    expect(app.env_file).toBe('.env');
    expect(app.restart).toBe('unless-stopped');
    expect(app.ports).toEqual(['3000:3000']);
    expect(app.environment?.HOST).toBe('0.0.0.0');
    // Forwarding is the smee service's job; Probot would otherwise try to npx-import smee-client.
    expect(app.environment?.WEBHOOK_PROXY_URL).toBe('');
    expect(app.healthcheck?.test[0]).toBe('CMD');
    expect(app.healthcheck?.test.join(' ')).toContain('/ping');
    expect(app.profiles).toBeUndefined();
  });

  it('smee only runs with the dev profile and forwards to the app webhook path', () => {
    const smee = compose.services.smee!;
    expect(smee.profiles).toEqual(['dev']);
    expect(smee.command?.join(' ')).toContain('--target http://runner-doctor:3000/api/github/webhooks');
    expect(Object.keys(compose.services).sort()).toEqual(['redis', 'runner-doctor', 'smee', 'worker']);
  });

  it('the ha profile: Redis with its append-only file on a named volume, and workers of the app\'s image', () => {
    const redis = compose.services.redis!;
    expect(redis.profiles).toEqual(['ha']);
    expect(redis.command?.join(' ')).toContain('--appendonly yes');
    expect(redis.command?.join(' ')).toContain('--maxmemory-policy noeviction');
    const volume = redis.volumes?.find((v) => v.endsWith(':/data'))?.split(':')[0];
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    const worker = compose.services.worker!;
    expect(worker.profiles).toEqual(['ha']);
    expect(worker.image).toBe(compose.services['runner-doctor']!.image);
    expect(worker.command).toEqual(['node', 'bin/runner-doctor.js', 'worker']);
    expect(worker.env_file).toBe('.env');
    expect(worker.depends_on?.redis?.condition).toBe('service_healthy');
    // Docker's default 10 s would cut the drain short (SHUTDOWN_GRACE_SECONDS defaults to 25).
    for (const s of [worker, compose.services['runner-doctor']!]) expect(parseInt(s.stop_grace_period ?? '10', 10)).toBeGreaterThan(25);
  });

  it('docker-compose config -q accepts it (and rejects a broken one)', () => {
    const version = spawnSync('docker-compose', ['version'], { stdio: 'ignore' });
    if (version.status !== 0) throw new Error('docker-compose is not installed: apt-get install docker-compose (.ci/run does)');
    const text = readFileSync('docker-compose.yml', 'utf8');
    expect(composeConfig(text)).toBe(0);
    expect(composeConfig(text.replace('restart: unless-stopped', 'restart: [not, a, policy]'))).not.toBe(0);
  });
});

/** Variables Probot 14 reads in `probot run` (its server, logger, auth and GHE support). */
const PROBOT_VARS = [
  'APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET', 'WEBHOOK_PATH', 'WEBHOOK_PROXY_URL', 'GHE_HOST', 'GHE_PROTOCOL', 'GH_ORG',
  'LOG_LEVEL', 'LOG_FORMAT', 'LOG_LEVEL_IN_STRING', 'LOG_MESSAGE_KEY', 'SENTRY_DSN', 'REDIS_URL', 'HOST', 'PORT', 'NODE_ENV',
];

/** Set by the platform, not by whoever deploys (Kubernetes injects its host into every pod; the OS sets HOME). */
const PLATFORM_VARS = new Set(['KUBERNETES_SERVICE_HOST', 'HOME']);

/** Variables our server code reads (`env.X` / `process.env.X` in src/, except the CLI's own). */
function varsReadBySrc(dir = 'src'): string[] {
  const out = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // The CLI (src/cli.ts, src/cli/) reads its own variables, documented in the README's CLI section;
      // the Action (src/action/) reads what GitHub sets for a step (action.yml, the README's Action section).
      if (path !== join('src', 'cli') && path !== join('src', 'action')) for (const v of varsReadBySrc(path)) out.add(v);
    }
    else if (entry.name.endsWith('.ts') && path !== join('src', 'cli.ts')) {
      // env.X, env['X'], and helpers called as f(env, 'X').
      for (const m of readFileSync(path, 'utf8').matchAll(/\benv(?:\.|\[['"]|, ['"])([A-Z][A-Z0-9_]+)/g)) out.add(m[1]!);
    }
  }
  return [...out].filter((v) => !PLATFORM_VARS.has(v));
}

describe('.env.example', () => {
  const documented = new Set([...readFileSync('.env.example', 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));

  it('documents every variable Probot and src/ read', () => {
    const src = varsReadBySrc();
    expect(src).toEqual(expect.arrayContaining(['KUBE_PROBES', 'KUBE_NAMESPACES', 'KUBE_PROBE_TIMEOUT_MS', 'REMEDIATE_STALE_PODS', 'KUBECONFIG']));
    for (const v of [...PROBOT_VARS, ...src]) expect(documented.has(v), `${v} missing from .env.example`).toBe(true);
  });

  it('keeps probes and remediation off by default and holds no secret', () => {
    const text = readFileSync('.env.example', 'utf8');
    expect(text).toMatch(/^KUBE_PROBES=0$/m);
    expect(text).toMatch(/^REMEDIATE_STALE_PODS=0$/m);
    expect(text).toMatch(/^PRIVATE_KEY=$/m);
    expect(text).toMatch(/^WEBHOOK_SECRET=$/m);
  });

  it('is ignored by git as .env, while .env.example is tracked', () => {
    expect(execFileSync('git', ['check-ignore', '-q', '.env'], { stdio: 'pipe' }).length).toBe(0);
    expect(spawnSync('git', ['check-ignore', '-q', '.env.example']).status).toBe(1);
  });
});
