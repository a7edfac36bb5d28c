import { expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { createAppDeps } from '../../src/handlers/app-deps.js';

it('looks the app identity up once, and again only after a failure', async () => {
  let calls = 0;
  const deps = createAppDeps({
    catalog: await loadCatalog({ builtin: false }),
    buildFixes: (d) => d,
    fetchIdentity: async () => {
      calls++;
      if (calls === 1) throw new Error('GitHub is down');
      return { slug: 'runner-doctor', id: 4242 };
    },
  });
  await expect(deps.identity()).rejects.toThrow('GitHub is down');
  const [a, b] = await Promise.all([deps.identity(), deps.identity()]);
  expect(a).toEqual({ slug: 'runner-doctor', id: 4242 });
  expect(b).toBe(a);
  expect(calls).toBe(2);
});
