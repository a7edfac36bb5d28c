import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCatalog } from '../catalog/load-catalog.js';
import type { CliIo } from './cli-io.js';
import { CATALOG_STATS } from './commands.js';
import { parseManifest } from './corpus-manifest.js';
import { corpusStats, runCase, type CaseResult } from './corpus-run.js';
import { parseOptions } from './parse-options.js';
import { checkReadable } from './read-files.js';

const DEFAULT_MANIFEST = 'test/fixtures/logs/corpus.yaml';

function pct(n: number, of: number): string {
  return of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`;
}

/** `runner-doctor catalog stats [--corpus FILE] [--misses]`: 0 printed, 2 bad input. */
export async function runStats(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(CATALOG_STATS, args);
  if (values.help) {
    io.stdout.write(CATALOG_STATS.help);
    return 0;
  }
  const shown = typeof values.corpus === 'string' ? values.corpus : DEFAULT_MANIFEST;
  const manifest = path.resolve(io.cwd, shown);
  checkReadable(manifest, 'corpus manifest', shown);
  const cases = parseManifest(await readFile(manifest, 'utf8'), manifest);
  const dir = path.dirname(manifest);
  const catalog = await loadCatalog();
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await runCase(c, dir, catalog));
  const s = corpusStats(results);

  const out: string[] = [];
  out.push(`corpus ${path.relative(io.cwd, manifest) || manifest}: ${s.cases} cases, ${s.real} real logs ` +
    `(with a source URL)`);
  out.push(`catalog: ${catalog.entries.length} entries`);
  out.push('');
  out.push(`real logs, right root cause and line: ${s.realCorrect}/${s.real} (${pct(s.realCorrect, s.real)})`);
  out.push(
    `real failed jobs with no root cause (unclassified): ${s.realUnclassified}/${s.realFailed} ` +
      `(${pct(s.realUnclassified, s.realFailed)})`,
  );
  out.push(`all cases (real and written for tests): ${s.correct}/${s.cases} (${pct(s.correct, s.cases)})`);
  out.push('');
  out.push('real logs by kind:');
  for (const [k, v] of Object.entries(s.byKind).sort()) out.push(`  ` +
    `${k.padEnd(12)}${String(v.cases).padStart(4)} cases  ${pct(v.correct, v.cases).padStart(6)} right`);
  out.push('real logs by expected family (none = green, or no cause expected):');
  for (const [k, v] of Object.entries(s.byFamily).sort()) out.push(`  ` +
    `${k.padEnd(12)}${String(v.cases).padStart(4)} cases  ${pct(v.correct, v.cases).padStart(6)} right`);
  if (values.misses) {
    out.push('', 'misses:');
    for (const m of s.misses) out.push(`  ${m.case.file}: ${m.problem}`);
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
