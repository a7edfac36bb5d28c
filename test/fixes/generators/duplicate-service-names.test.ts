import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { hookContainerName } from '../../../src/fixes/generators/duplicate-service-names.js';
import { fixFor, fixture, gitApply, makeFinding } from '../helpers/git-apply.js';

interface Wf {
  jobs: Record<string, { services: Record<string, { image: string; ports?: string[] }> }>;
}
const PATH = '.github/workflows/redis.yml';
const finding = makeFinding('hook/duplicate-container-name', 'duplicate-service-names', { container: 'redis' });

describe('duplicate-service-names', () => {
  it('gives the second service a copy of the image under its own name', () => {
    const text = fixture('workflows/services-duplicate.yml');
    const fix = fixFor(finding, { workflow: { path: PATH, text }, repository: 'Acme/app' });
    const after = gitApply({ [PATH]: text }, fix.diff!)[PATH]!;
    const services = (yaml.load(after) as Wf).jobs['test']!.services;
    expect(services['redis1']!.image).toBe('redis:8.0.3-alpine');
    expect(services['redis2']).toEqual({ image: 'ghcr.io/acme/redis2:8.0.3-alpine', ports: ['6380:6380'] });
    expect(new Set(Object.values(services).map((s) => hookContainerName(s.image))).size).toBe(3);
    expect(after).toContain('image: ghcr.io/acme/redis2:8.0.3-alpine # second shard\n');
    expect(fix.commands).toEqual(['docker buildx imagetools create --tag ghcr.io/acme/redis2:8.0.3-alpine redis:8.0.3-alpine']);
    expect(fix.steps[1]).toBe('In job `test` the services `redis1`, `redis2` all become containers named `redis`.');
    expect(fix.steps[2]).toContain('PR #308');
  });

  it('container names as the hook makes them', () => {
    expect(hookContainerName('docker.io/library/redis:7')).toBe('redis');
    expect(hookContainerName('redis@sha256:abc')).toBe('redis');
    expect(hookContainerName('ghcr.io/acme/redis-cache')).toBe('redis-cache');
  });

  it('no colliding services: no diff', () => {
    const fix = fixFor(finding, { workflow: { path: PATH, text: fixture('workflows/no-container.yml') } });
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toBe('no job in .github/workflows/redis.yml has two services whose images are both named `redis`');
  });
});
