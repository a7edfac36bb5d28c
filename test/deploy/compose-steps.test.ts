import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { expect, it } from 'vitest';
import { updateEnvFile } from '../../src/setup/env-file.js';
import { testPrivateKey } from '../helpers/test-octokit.js';

/** The shell block of the README's "Deploy with Docker Compose" section. */
function composeSteps(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Deploy with Docker Compose'), readme.indexOf('## Deploy on Kubernetes'));
  const block = /```sh\n([\s\S]*?)\n\s*```/.exec(section)?.[1];
  if (!block) throw new Error('README: no ```sh block in "Deploy with Docker Compose"');
  return block.split('\n').map((l) => l.trim()).filter(Boolean);
}

it('the README’s Compose steps keep the .env the setup page wrote, and the service gets its credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-compose-steps-'));
  copyFileSync('docker-compose.yml', join(dir, 'docker-compose.yml'));
  copyFileSync('.env.example', join(dir, '.env.example'));
  // What the setup page leaves behind (src/setup/setup-handler.ts writes with the same function).
  updateEnvFile(join(dir, '.env'), { WEBHOOK_PROXY_URL: 'https://smee.io/AbC123' });
  updateEnvFile(join(dir, '.env'), { APP_ID: '4242', PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: 'whs' });
  const written = readFileSync(join(dir, '.env'), 'utf8');

  const steps = composeSteps();
  expect(steps.some((s) => s.startsWith('docker compose up'))).toBe(true);
  // The file steps run as written; docker and curl need a daemon and a running app.
  const fileSteps = steps.filter((s) => !/^(docker|curl)\b/.test(s));
  expect(fileSteps.length).toBeGreaterThan(0);
  for (const step of fileSteps) execFileSync('sh', ['-c', step], { cwd: dir });
  expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(written);

  const version = spawnSync('docker-compose', ['version'], { stdio: 'ignore' });
  if (version.status !== 0) throw new Error('docker-compose is not installed: apt-get install docker-compose (.ci/run does)');
  const config = yaml.load(execFileSync('docker-compose', ['config'], { cwd: dir, encoding: 'utf8' })) as {
    services: Record<string, { environment?: Record<string, string> }>;
  };
  expect(config.services['runner-doctor']!.environment).toMatchObject({
    APP_ID: '4242', PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: 'whs', HOST: '0.0.0.0',
  });
});

it('with no .env yet, the steps start from .env.example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-compose-steps-'));
  copyFileSync('.env.example', join(dir, '.env.example'));
  for (const step of composeSteps().filter((s) => !/^(docker|curl)\b/.test(s))) execFileSync('sh', ['-c', step], { cwd: dir });
  expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(readFileSync('.env.example', 'utf8'));
});
