import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Readable, Writable } from 'node:stream';
import { CatalogError, lintCatalog, loadCatalog, type CompiledCatalog } from './catalog/load-catalog.js';
import { diagnose } from './engine/diagnose.js';
import { normalizeLine } from './engine/normalize-line.js';
import type { Diagnosis, JobContext } from './engine/types.js';
import { buildFixes, type FixFiles } from './fixes/build-fixes.js';
import { applyFixes } from './fixes/apply-fixes.js';
import { jobContextFromWorkflow, readWorkflow } from './fixes/workflow-model.js';
import { renderMarkdown } from './render/render-markdown.js';
import { renderText } from './render/render-text.js';

export interface CliIo {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Bad input: one line on stderr, exit code 2, never a stack trace. */
class UsageError extends Error {}

const USAGE = `Usage:
  runner-doctor diagnose <log-file>... [options]   diagnose job logs ('-' reads stdin)
  runner-doctor catalog lint [file...]             validate catalogs and run their examples

Options for diagnose:
  --format text|json|markdown   output format (default: text)
  --workflow <file>             the job's workflow file: container image for the diagnosis, target of fix diffs
  --job <key-or-name>           which job of the workflow the log belongs to (default: the only container job)
  --hook-template <file>        the runner's hook template (ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE) for fix diffs
  --catalog <file>              extra signature catalog (YAML; repeatable)
  --ignore <id,...>             catalog ids to leave out
  --apply                       write the proposed diffs to the files (only under the current directory)
  --no-color                    no ANSI colours in text output
`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command) {
      // Called with nothing: a usage error, so the usage goes where errors go.
      io.stderr.write(USAGE);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (command === '--version') {
      const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      io.stdout.write(`${pkg.version}\n`);
      return 0;
    }
    if (command === 'diagnose') return await runDiagnose(rest, io);
    if (command === 'catalog' && rest[0] === 'lint') return await runLint(rest.slice(1), io);
    throw new UsageError(`unknown command "${argv.join(' ')}"; run \`runner-doctor --help\``);
  } catch (err) {
    if (err instanceof UsageError || err instanceof CatalogError) {
      io.stderr.write(`runner-doctor: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    io.stderr.write(`runner-doctor: ${e.message ?? String(err)}\n`);
    return 2;
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        workflow: { type: 'string' },
        job: { type: 'string' },
        'hook-template': { type: 'string' },
        catalog: { type: 'string', multiple: true },
        ignore: { type: 'string', multiple: true },
        apply: { type: 'boolean', default: false },
        'no-color': { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; run \`runner-doctor --help\``);
  }
}

async function runDiagnose(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args);
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    throw new UsageError(`--format must be text, json or markdown (got "${format}")`);
  }
  if (positionals.length === 0) throw new UsageError('diagnose needs at least one log file (or - for stdin)');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  for (const p of positionals) if (p !== '-') await checkReadable(path.resolve(io.cwd, p), 'log file', p);

  const catalog = await loadCatalog({ extraTexts: await readCatalogFiles(values.catalog ?? [], io.cwd) });
  const files: FixFiles = {};
  const originals = new Map<string, string>();
  if (values.workflow) files.workflow = await readInput(values.workflow, 'workflow file', io.cwd, originals);
  if (values['hook-template']) files.hookTemplate = await readInput(values['hook-template'], 'hook template', io.cwd, originals);
  if (values.job) files.job = values.job;

  let job: JobContext = {};
  if (files.workflow) {
    try {
      job = jobContextFromWorkflow(readWorkflow(files.workflow.text, files.workflow.path), values.job);
    } catch {
      // The fix says why the workflow could not be read; the log is still diagnosed.
    }
  }
  const ignore = (values.ignore ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);

  const results: { file: string; diagnosis: Diagnosis }[] = [];
  for (const file of positionals) {
    const input = file === '-' ? io.stdin : readChunks(path.resolve(io.cwd, file));
    let d = await diagnose(input, { catalog, source: file === '-' ? 'stdin' : file, job, ignore });
    d = buildFixes(d, files);
    results.push({ file, diagnosis: d });
  }

  io.stdout.write(render(results, format, io, values['no-color']));

  if (values.apply) {
    for (const { diagnosis } of results) {
      const { written, refused } = await applyFixes(diagnosis, { cwd: io.cwd, originals });
      for (const w of written) io.stderr.write(`runner-doctor: applied the fix to ${w}\n`);
      for (const r of refused) io.stderr.write(`runner-doctor: did not change ${r.path}: ${r.reason}\n`);
    }
  }
  return 0;
}

function render(results: { file: string; diagnosis: Diagnosis }[], format: string, io: CliIo, noColor: boolean): string {
  if (format === 'json') {
    const json = results.map((r) => r.diagnosis);
    return JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + '\n';
  }
  const many = results.length > 1;
  if (format === 'markdown') {
    return results.map((r) => renderMarkdown(r.diagnosis, many ? { heading: r.file } : {})).join('\n\n') + '\n';
  }
  const color = !noColor && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  return results.map((r) => renderText(r.diagnosis, { color, ...(many ? { heading: r.file } : {}) })).join('\n');
}

/**
 * Reads a file in 1 MiB chunks into one reused buffer: the engine is done with each chunk before
 * asking for the next, and this is several times cheaper than a read stream's fresh buffers.
 */
async function* readChunks(file: string): AsyncGenerator<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Fails with a one-line message naming the file as the user typed it (`shown`). */
async function checkReadable(file: string, what: string, shown = file): Promise<void> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new UsageError(`${what} ${shown} is not a regular file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${what} ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Reads `--catalog` files; errors in them name the file as given on the command line. */
async function readCatalogFiles(files: string[], cwd: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const file of files) {
    const abs = path.resolve(cwd, file);
    await checkReadable(abs, 'catalog file', file);
    out.push({ file, text: await readFile(abs, 'utf8') });
  }
  return out;
}

/** Reads a file given on the command line; its path in diffs is relative to the current directory. */
async function readInput(file: string, what: string, cwd: string, originals: Map<string, string>) {
  const abs = path.resolve(cwd, file);
  await checkReadable(abs, what, file);
  const text = await readFile(abs, 'utf8');
  const rel = path.relative(cwd, abs);
  const repoPath = (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
  originals.set(repoPath, text);
  return { path: repoPath, text };
}

async function runLint(files: string[], io: CliIo): Promise<number> {
  const catalog: CompiledCatalog = await loadCatalog({
    builtin: files.length === 0,
    extraTexts: await readCatalogFiles(files, io.cwd),
  });
  const problems = lintCatalog(catalog, normalizeLine);
  for (const p of problems) io.stderr.write(`${p.file}: entry ${p.id}: ${p.problem}\n`);
  const examples = catalog.entries.reduce((n, c) => n + c.entry.examples.length + c.entry.counterexamples.length, 0);
  if (problems.length) {
    io.stderr.write(`runner-doctor: ${problems.length} problem(s) in ${catalog.files.length} file(s)\n`);
    return 1;
  }
  io.stdout.write(`ok: ${catalog.entries.length} entries, ${examples} examples in ${catalog.files.length} file(s)\n`);
  return 0;
}
