import { loadCatalog } from '../catalog/load-catalog.js';
import type { Diagnosis } from '../engine/types.js';
import type { FixFiles } from '../fixes/build-fixes.js';
import type { CliIo } from './cli-io.js';
import { DIAGNOSE } from './commands.js';
import { diagnoseLogs } from './diagnose-logs.js';
import { nearest } from './nearest.js';
import { parseOptions } from './parse-options.js';
import { startPrescanEarly, stopPrescanEarly } from './prescan-thread.js';
import { readCatalogFiles, readInput } from './read-files.js';
import { renderResults, type Format, type Result } from './render-results.js';
import { isRunUrl, parseRunUrl, runTargetFromOptions, type RunTarget } from './run-target.js';
import { UsageError } from './usage-error.js';
import { oneLine } from '../markdown/text-hygiene.js';

/** `runner-doctor diagnose <log>... | <run URL> | --repo O/R --run ID`: 0 diagnosed, 2 bad input. */
export async function runDiagnose(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(DIAGNOSE, args);
  if (values.help) {
    io.stdout.write(DIAGNOSE.help);
    return 0;
  }
  const format = values.format as string;
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    throw new UsageError(`--format must be text, json or markdown (got "${format}")`);
  }
  const target = runTarget(positionals, values.repo as string | undefined, values.run as string | undefined, io.env);
  if (!target && positionals.length === 0) {
    const what = 'a log file (or - for stdin), or a run URL';
    throw new UsageError(`diagnose needs ${what}; run \`runner-doctor diagnose --help\``);
  }
  if (target && values.workflow) {
    throw new UsageError("--workflow is for local logs: a run's workflow file is fetched at the run's head SHA");
  }

  // A big log's second thread boots while the catalog loads (prescan-thread.ts).
  if (!target) startPrescanEarly(positionals, io.cwd);
  try {
    return await diagnoseWith(values, positionals, target, format, io);
  } finally {
    stopPrescanEarly();
  }
}

async function diagnoseWith(
  values: ReturnType<typeof parseOptions>['values'],
  positionals: string[],
  target: RunTarget | null,
  format: Format,
  io: CliIo,
): Promise<number> {
  const catalog = await loadCatalog({ extraTexts: readCatalogFiles((values.catalog as string[]) ?? [], io.cwd) });
  const ignore = ((values.ignore as string[]) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  checkIgnored(ignore, catalog.entries.map((c) => c.entry.id));

  const files: FixFiles = {};
  const originals = new Map<string, string>();
  const workflowArg = values.workflow as string | undefined;
  const hookArg = values['hook-template'] as string | undefined;
  if (workflowArg) files.workflow = readInput(workflowArg, 'workflow file', io.cwd, originals);
  if (hookArg) files.hookTemplate = readInput(hookArg, 'hook template', io.cwd, originals);
  const jobArg = (values.job as string | undefined) || undefined;
  const noColor = values['no-color'] as boolean;

  let results: Result[];
  if (target) {
    // The GitHub client, the fix appliers and the renderers load only when used (start-up, issue 13).
    const { fetchRun } = await import('./fetch-run.js');
    const fetched = await fetchRun(target, {
      env: io.env,
      catalog,
      ignore,
      ...(files.hookTemplate ? { hookTemplate: files.hookTemplate } : {}),
      ...(jobArg ? { jobArg } : {}),
    });
    for (const p of fetched.problems) io.stderr.write(`runner-doctor: ${oneLine(p)}\n`);
    if (fetched.nothingFailed) {
      io.stdout.write(`${fetched.nothingFailed}\n`);
      return 0;
    }
    if (fetched.results.length === 0) return 2;
    if (fetched.workflow) originals.set(fetched.workflow.path, fetched.workflow.text);
    results = fetched.results;
  } else {
    results = await diagnoseLogs(positionals, { io, catalog, ignore, files, ...(jobArg ? { jobArg } : {}) });
  }

  io.stdout.write(await renderResults(results, format, io, noColor));
  if (values.apply) await apply(results.map((r) => r.diagnosis), target, originals, io);
  return 0;
}

/** The run to fetch: a run URL as the only argument, or --repo with --run; null for local logs. */
function runTarget(positionals: string[], repo: string | undefined, run: string | undefined, env: NodeJS.ProcessEnv) {
  const urls = positionals.filter(isRunUrl);
  if (repo !== undefined || run !== undefined) {
    if (repo === undefined || run === undefined) {
      throw new UsageError('--repo and --run go together: --repo OWNER/REPO --run RUN_ID');
    }
    if (positionals.length) throw new UsageError('--repo/--run fetch the logs: give no log files with them');
    return runTargetFromOptions(repo, run, env);
  }
  if (urls.length === 0) return null;
  if (positionals.length > 1) throw new UsageError('a run URL is diagnosed alone: give one URL and no log files');
  return parseRunUrl(urls[0]!);
}

async function apply(
  diagnoses: Diagnosis[],
  target: RunTarget | null,
  originals: Map<string, string>,
  io: CliIo,
): Promise<void> {
  if (target) {
    // The diffs are against the run's head SHA: they go only into a checkout of that repository.
    const { notACheckoutOf } = await import('./local-checkout.js');
    const why = await notACheckoutOf(io.cwd, target, io.env);
    if (why) {
      io.stderr.write(`runner-doctor: did not apply the fixes: ${why}\n`);
      return;
    }
  }
  const { applyFixes } = await import('../fixes/apply-fixes.js');
  for (const diagnosis of diagnoses) {
    const { written, refused } = await applyFixes(diagnosis, { cwd: io.cwd, originals });
    for (const w of written) io.stderr.write(`runner-doctor: applied the fix to ${oneLine(w)}\n`);
    for (const r of refused) {
      io.stderr.write(`runner-doctor: did not change ${oneLine(r.path)}: ${oneLine(r.reason)}\n`);
    }
  }
}

/** An id in --ignore that no catalog entry has is a typo: exit 2 naming the nearest id. */
function checkIgnored(ignore: string[], known: string[]): void {
  const ids = new Set(known);
  for (const id of ignore) {
    if (ids.has(id)) continue;
    const near = nearest(id, ids);
    const hint = near ? `did you mean ${near}?` : 'the ids are the `id:` fields of catalog/*.yaml and --catalog files';
    throw new UsageError(`--ignore: no catalog entry has the id "${id}"; ${hint}`);
  }
}
