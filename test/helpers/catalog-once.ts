import type * as LoadCatalogModule from '../../src/catalog/load-catalog.js';

/**
 * src/catalog/load-catalog.js whose loadCatalog loads each catalog once (per set of options) and hands the same
 * one to every later caller, as the app loads it once per process. For test files that run the CLI in-process
 * many times: from src/ (no build-time cache next to it) every load parses the YAML and compiles every pattern.
 * Use: `vi.mock('../../src/catalog/load-catalog.js', async (original) =>
 *   (await import('../helpers/catalog-once.js')).catalogOnce(await original()))`.
 */
export function catalogOnce(original: typeof LoadCatalogModule): typeof LoadCatalogModule {
  const loaded = new Map<string, ReturnType<typeof original.loadCatalog>>();
  const loadCatalog: typeof original.loadCatalog = (opts = {}) => {
    const key = JSON.stringify(opts);
    if (!loaded.has(key)) loaded.set(key, original.loadCatalog(opts));
    return loaded.get(key)!;
  };
  return { ...original, loadCatalog };
}
