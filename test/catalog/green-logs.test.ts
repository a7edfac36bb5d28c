import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/cli/corpus-manifest.js';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { matchEntryLine } from '../../src/engine/match-pattern.js';

const LOG_DIR = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const MANIFEST = path.join(LOG_DIR, 'corpus.yaml');
const greens = [...new Set(parseManifest(readFileSync(MANIFEST, 'utf8'), MANIFEST)
  .filter((c) => c.kind === 'green').map((c) => c.file))];

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('no root-cause signature matches any line of a green log (where: and step outcomes aside)', () => {
  it('the corpus holds green logs to check against', () => {
    expect(greens.length).toBeGreaterThanOrEqual(20);
  });

  it.each(greens)('%s', (file) => {
    const lines = readFileSync(path.join(LOG_DIR, file), 'utf8').split('\n');
    const hits: string[] = [];
    for (const c of catalog.entries) {
      if (c.entry.role !== 'root-cause') continue;
      lines.forEach((line, i) => {
        if (matchEntryLine(c, line)) hits.push(`${c.entry.id} matches line ${i + 1}: ${line.slice(0, 160)}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
