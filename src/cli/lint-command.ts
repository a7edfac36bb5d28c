import { lintCatalog } from '../catalog/lint-catalog.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import type { CliIo } from './cli-io.js';
import { CATALOG_LINT } from './commands.js';
import { parseOptions } from './parse-options.js';
import { readCatalogFiles } from './read-files.js';

/** `runner-doctor catalog lint [file...]`: 0 clean, 1 problems, 2 bad input. */
export async function runLint(args: string[], io: CliIo): Promise<number> {
  const { values, positionals: files } = parseOptions(CATALOG_LINT, args);
  if (values.help) {
    io.stdout.write(CATALOG_LINT.help);
    return 0;
  }
  const catalog = await loadCatalog({
    builtin: files.length === 0,
    examples: true,
    extraTexts: readCatalogFiles(files, io.cwd),
  });
  const problems = lintCatalog(catalog);
  for (const p of problems) io.stderr.write(`${p.file}: entry ${p.id}: ${p.problem}\n`);
  const examples = catalog.entries.reduce((n, c) => n + c.entry.examples.length + c.entry.counterexamples.length, 0);
  if (problems.length) {
    io.stderr.write(`runner-doctor: ${problems.length} problem(s) in ${catalog.files.length} file(s)\n`);
    return 1;
  }
  io.stdout.write(`ok: ${catalog.entries.length} entries, ${examples} examples in ${catalog.files.length} file(s)\n`);
  return 0;
}
