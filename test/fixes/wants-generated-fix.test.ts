import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { parseManifest } from '../../src/cli/corpus-manifest.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { buildFixes } from '../../src/fixes/build-fixes.js';
import { wantsGeneratedFix } from '../../src/fixes/wants-generated-fix.js';

const LOG_DIR = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const MANIFEST = path.join(LOG_DIR, 'corpus.yaml');
const cases = parseManifest(readFileSync(MANIFEST, 'utf8'), MANIFEST);
const WORKFLOW = fileURLToPath(new URL('../fixtures/workflows/seed-build-and-publish.yml', import.meta.url));

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

// The CLI skips buildFixes (and loading the generators) when wantsGeneratedFix says there is nothing to do.
describe('wantsGeneratedFix', () => {
  it('is false only when buildFixes would return an equal diagnosis (every corpus log)', async () => {
    const files = { workflow: { path: 'w.yml', text: readFileSync(WORKFLOW, 'utf8') }, job: 'build-and-push' };
    const seen = { wants: 0, not: 0 };
    for (const c of cases) {
      const d = await diagnose(createReadStream(path.join(LOG_DIR, c.file)), { catalog, source: c.file });
      if (wantsGeneratedFix(d)) {
        seen.wants++;
        expect(buildFixes(d, files), c.file).not.toStrictEqual(d);
      } else {
        seen.not++;
        expect(buildFixes(d, files), c.file).toStrictEqual(d);
      }
    }
    // Both answers occur in the corpus, so both branches above ran.
    expect(seen.wants).toBeGreaterThan(0);
    expect(seen.not).toBeGreaterThan(0);
  });
});
