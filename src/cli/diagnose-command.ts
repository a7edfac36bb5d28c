import { loadCatalog } from '../catalog/load-catalog.js';
import { diagnose } from '../engine/diagnose.js';
import type { Diagnosis } from '../engine/types.js';
import { applyFixes } from '../fixes/apply-fixes.js';
import { buildFixes, type FixFiles } from '../fixes/build-fixes.js';
import { readWorkflow, type WorkflowModel } from '../fixes/workflow-model.js';
import { renderMarkdown } from '../render/render-markdown.js';
import { renderText } from '../render/render-text.js';
import type { CliIo } from './cli-io.js';
import { DIAGNOSE } from './commands.js';
import { checkLogArg, openLog } from './log-sources.js';
import { nearest } from './nearest.js';
import { parseOptions } from './parse-options.js';
import { checkJobArg, jobMatches, pickJob, type JobChoice } from './pick-job.js';
import { readCatalogFiles, readInput } from './read-files.js';
import { UsageError } from './usage-error.js';

type Format = 'text' | 'json' | 'markdown';
interface Result {
  source: string;
  job?: string;
  diagnosis: Diagnosis;
}

/** `runner-doctor diagnose <log>...`: 0 diagnosed, 2 bad input. */
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
  if (positionals.length === 0) throw new UsageError('diagnose needs at least one log file (or - for stdin)');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  for (const p of positionals) await checkLogArg(p, io);

  const catalog = await loadCatalog({ extraTexts: await readCatalogFiles((values.catalog as string[]) ?? [], io.cwd) });
  const ignore = ((values.ignore as string[]) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  checkIgnored(ignore, catalog.entries.map((c) => c.entry.id));

  const files: FixFiles = {};
  const originals = new Map<string, string>();
  const workflowArg = values.workflow as string | undefined;
  const hookArg = values['hook-template'] as string | undefined;
  if (workflowArg) files.workflow = await readInput(workflowArg, 'workflow file', io.cwd, originals);
  if (hookArg) files.hookTemplate = await readInput(hookArg, 'hook template', io.cwd, originals);
  const jobArg = (values.job as string | undefined) || undefined;

  let model: WorkflowModel | null = null;
  if (files.workflow) {
    try {
      model = readWorkflow(files.workflow.text, files.workflow.path);
    } catch {
      // The fix says why the workflow could not be read; the log is still diagnosed.
    }
  }
  if (model && jobArg) checkJobArg(model, jobArg);

  // Every input is read and diagnosed before anything is printed: bad input is one line, not half an answer.
  const results: Result[] = [];
  const skipped: string[] = [];
  for (const arg of positionals) {
    for await (const part of openLog(arg, io)) {
      if (jobArg && part.oneOfMany && part.job !== undefined && !jobMatches(part.job, jobArg, model)) {
        skipped.push(part.job);
        continue;
      }
      const choice: JobChoice = model
        ? pickJob(model, jobArg, part.job)
        : { context: {}, ...(jobArg ? { fixJob: jobArg } : {}) };
      const d = await diagnose(part.chunks, {
        catalog,
        source: part.source,
        job: choice.context,
        ignore,
        ...(choice.note ? { notes: [choice.note] } : {}),
      });
      const fixed = buildFixes(d, { ...files, ...(choice.fixJob ? { job: choice.fixJob } : {}) });
      results.push({ source: part.source, ...(part.job ? { job: part.job } : {}), diagnosis: fixed });
    }
  }
  if (results.length === 0 && jobArg) {
    throw new UsageError(`--job "${jobArg}": the input has no such job; its jobs: ${[...new Set(skipped)].join(', ')}`);
  }

  io.stdout.write(render(results, format, io, values['no-color'] as boolean));

  if (values.apply) {
    for (const { diagnosis } of results) {
      const { written, refused } = await applyFixes(diagnosis, { cwd: io.cwd, originals });
      for (const w of written) io.stderr.write(`runner-doctor: applied the fix to ${w}\n`);
      for (const r of refused) io.stderr.write(`runner-doctor: did not change ${r.path}: ${r.reason}\n`);
    }
  }
  return 0;
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

function render(results: Result[], format: Format, io: CliIo, noColor: boolean): string {
  if (format === 'json') {
    // What was read and which job it is, so a script can tell several answers apart.
    const json = results.map((r) => ({ ...r.diagnosis, source: r.source, ...(r.job ? { job: r.job } : {}) }));
    return JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + '\n';
  }
  const many = results.length > 1;
  if (format === 'markdown') {
    return results.map((r) => renderMarkdown(r.diagnosis, many ? { heading: r.source } : {})).join('\n\n') + '\n';
  }
  const color = !noColor && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  // Explanations wrap at the terminal's width; piped output gets the renderer's default.
  const width = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : undefined;
  return results
    .map((r) => renderText(r.diagnosis, { color, ...(width ? { width } : {}), ...(many ? { heading: r.source } : {}) }))
    .join('\n');
}
