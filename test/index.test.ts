import { expect, it, vi } from 'vitest';
import app from '../src/index.js';
import { CatalogError } from '../src/catalog/catalog-error.js';
import { testProbot } from './helpers/test-octokit.js';

vi.mock('../src/catalog/load-catalog.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/catalog/load-catalog.js')>();
  return {
    ...real,
    loadCatalog: async () => {
      throw new CatalogError('catalog/k8s-hooks.yaml', 'hook/job-pod-exists', 'patterns[0]', 'invalid regex: missing )');
    },
  };
});

it('refuses to start with a broken built-in catalog, naming the file, entry and field', async () => {
  await expect(app(testProbot())).rejects.toThrow(
    'runner-doctor: the built-in catalog is invalid, fix it before starting the app: catalog/k8s-hooks.yaml: entry hook/job-pod-exists: field patterns[0]: invalid regex: missing )',
  );
});
