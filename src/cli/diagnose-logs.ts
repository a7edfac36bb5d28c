import type { CompiledCatalog } from '../catalog/load-catalog.js';
import { diagnose } from '../engine/diagnose.js';
import type { FixFiles } from '../fixes/build-fixes.js';
import { wantsGeneratedFix } from '../fixes/wants-generated-fix.js';
import type { WorkflowModel } from '../workflow/workflow-model.js';
import type { CliIo } from './cli-io.js';
import { checkLogArg, openLog } from './log-sources.js';
import type { JobChoice } from './pick-job.js';
import type { Result } from './render-results.js';
import { UsageError } from './usage-error.js';

/**
 * The local inputs (`<log>...`): every job in them diagnosed, in order. Every input is read before
 * anything is printed, so bad input is one line, not half an answer.
 */
export async function diagnoseLogs(
  args: string[],
  opts: { io: CliIo; catalog: CompiledCatalog; ignore: string[]; files: FixFiles; jobArg?: string },
): Promise<Result[]> {
  const { io, files, jobArg } = opts;
  if (args.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  for (const p of args) checkLogArg(p, io);

  // The workflow's YAML parser, the job picker and the fix generators load only when needed: a plain
  // log with no fix to build is the common case, and start-up is most of its time (issue 13).
  const jobs = files.workflow || jobArg ? await import('./pick-job.js') : null;
  let model: WorkflowModel | null = null;
  if (files.workflow) {
    try {
      const { readWorkflow } = await import('../workflow/workflow-model.js');
      model = readWorkflow(files.workflow.text, files.workflow.path);
    } catch {
      // The fix says why the workflow could not be read; the log is still diagnosed.
    }
  }
  if (model && jobArg) jobs!.checkJobArg(model, jobArg);

  const results: Result[] = [];
  const skipped: string[] = [];
  for (const arg of args) {
    for await (const part of openLog(arg, io)) {
      if (jobArg && part.oneOfMany && part.job !== undefined && !jobs!.jobMatches(part.job, jobArg, model)) {
        skipped.push(part.job);
        continue;
      }
      const choice: JobChoice = model
        ? jobs!.pickJob(model, jobArg, part.job)
        : { context: {}, ...(jobArg ? { fixJob: jobArg } : {}) };
      const d = await diagnose(part.direct ?? part.chunks, {
        catalog: opts.catalog,
        source: part.source,
        job: choice.context,
        ignore: opts.ignore,
        ...(choice.note ? { notes: [choice.note] } : {}),
      });
      const fixFiles = { ...files, ...(choice.fixJob ? { job: choice.fixJob } : {}) };
      const fixed = wantsGeneratedFix(d) ? (await import('../fixes/build-fixes.js')).buildFixes(d, fixFiles) : d;
      results.push({ source: part.source, ...(part.job ? { job: part.job } : {}), diagnosis: fixed });
    }
  }
  if (results.length === 0 && jobArg) {
    throw new UsageError(`--job "${jobArg}": the input has no such job; its jobs: ${[...new Set(skipped)].join(', ')}`);
  }
  return results;
}
