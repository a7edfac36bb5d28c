/**
 * The Kubernetes manifests and docker-compose.yml run the image release.yml publishes for this version
 * (ghcr.io/<owner>/runner-doctor:<package.json version>), never a moving `latest`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const IMAGE = 'ghcr.io/runner-doctor/runner-doctor';
const DIR = 'deploy/kubernetes';

/** Every `image:` value in a parsed YAML document, wherever it is. */
function images(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(images);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === 'image' && typeof v === 'string' ? [v] : images(v)));
}

const manifests = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .map((f) => ({ file: f, docs: yaml.loadAll(readFileSync(join(DIR, f), 'utf8')) }));

describe('the released image tag', () => {
  it('every manifest running the app names the image of package.json\'s version', () => {
    const app = manifests.flatMap(({ file, docs }) => images(docs).filter((i) => i.startsWith(`${IMAGE}:`))
      .map((image) => ({ file, image })));
    expect(app.map((a) => a.file).sort()).toEqual(['deployment-worker.yaml', 'deployment.yaml']);
    for (const a of app) expect(a.image, a.file).toBe(`${IMAGE}:${version}`);
    // Any other image is a pinned third-party one (Redis), not an unversioned build of ours.
    for (const i of manifests.flatMap(({ docs }) => images(docs))) expect(i).not.toMatch(/:latest$|^[^:]+$/);
  });

  it('kustomization.yaml sets the same tag (where you put your own image and tag)', () => {
    const k = yaml.load(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as
      { images: { name: string; newName?: string; newTag: string }[] };
    expect(k.images).toEqual([{ name: IMAGE, newTag: version }]);
  });

  it('docker-compose.yml runs the released image, and builds the same from this checkout with --build', () => {
    const compose = yaml.load(readFileSync('docker-compose.yml', 'utf8')) as
      { services: Record<string, { image?: string; build?: string }> };
    const ours = Object.entries(compose.services).filter(([, s]) => s.build || s.image?.startsWith(IMAGE));
    expect(ours.map(([name]) => name).sort()).toEqual(['runner-doctor', 'worker']);
    for (const [name, s] of ours) expect(s.image, name).toBe(`${IMAGE}:${version}`);
    expect(compose.services['runner-doctor']!.build).toBe('.');
  });
});
