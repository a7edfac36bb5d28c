import type { JobContext } from '../engine/types.js';
import { jobContextFromWorkflow } from '../workflow/job-context.js';
import { findWorkflowJob, type WorkflowJob, type WorkflowModel } from '../workflow/workflow-model.js';
import { UsageError } from './usage-error.js';

/** Which job of the workflow a log is, and what follows from it. */
export interface JobChoice {
  context: JobContext;
  /** The job the fix diffs target (workflow key), when one was chosen. */
  fixJob?: string;
  /** Said in the diagnosis when the choice was a guess, or could not be made. */
  note?: string;
}

function describe(job: WorkflowJob): string {
  return job.name && job.name !== job.key ? `${job.key} (${job.name})` : job.key;
}

/** `--job` must name a job of `--workflow`: exit 2 listing the jobs it has. */
export function checkJobArg(model: WorkflowModel, job: string): void {
  if (findWorkflowJob(model, job)) return;
  const jobs = model.jobs.map(describe).join(', ') || 'none';
  throw new UsageError(`--job "${job}": ${model.path} has no such job; its jobs: ${jobs}`);
}

/**
 * The job a log belongs to: `--job`, else the name the log gives (`Complete job name:`, gh's
 * column, the archive's file name), else the only candidate (jobs with a container, else all), or
 * several candidates that agree on what the diagnosis uses (container image, services).
 */
export function pickJob(model: WorkflowModel, jobArg: string | undefined, logJob: string | undefined): JobChoice {
  if (jobArg) return { context: jobContextFromWorkflow(model, jobArg), fixJob: findWorkflowJob(model, jobArg)!.key };
  const named = logJob ? findWorkflowJob(model, logJob) : undefined;
  if (named) return { context: jobContextFromWorkflow(model, named.key), fixJob: named.key };
  const withContainer = model.jobs.filter((j) => j.container !== null);
  const candidates = withContainer.length ? withContainer : model.jobs;
  if (candidates.length === 0) return { context: {} };
  const unsaid = logJob
    ? `The log is from job "${logJob}", which ${model.path} does not have; `
    : 'The log does not say which job it is from; ';
  if (candidates.length === 1) {
    const only = candidates[0]!;
    const kind = withContainer.length ? 'container job' : 'job';
    const note = logJob ? { note: `${unsaid}used its only ${kind}, ${describe(only)}.` } : {};
    return { context: jobContextFromWorkflow(model, only.key), fixJob: only.key, ...note };
  }
  const list = candidates.map(describe).join(', ');
  if (candidates.every((j) => sameSetup(j, candidates[0]!))) {
    const first = candidates[0]!;
    const same = `jobs ${list} of ${model.path} use the same container image, so it was used (pass --job to choose).`;
    const note = unsaid + same;
    return { context: jobContextFromWorkflow(model, first.key), fixJob: first.key, note };
  }
  const ask = `${model.path} has jobs ${list}: pass --job to use one's container image and get fix diffs.`;
  return { context: {}, note: unsaid + ask };
}

/** What the diagnosis reads of a job: the container image and the service images. */
function sameSetup(a: WorkflowJob, b: WorkflowJob): boolean {
  const image = (j: WorkflowJob) => (j.container?.isExpression ? null : (j.container?.image ?? ''));
  return image(a) !== null && image(a) === image(b) && JSON.stringify(a.services) === JSON.stringify(b.services);
}

/** Whether a job name from the input is the job `--job` asked for (matrix names carry their values). */
export function jobMatches(logJob: string, wanted: string, model: WorkflowModel | null): boolean {
  if (logJob === wanted || logJob.replace(/ \(.*\)$/, '') === wanted) return true;
  if (!model) return false;
  const a = findWorkflowJob(model, logJob);
  return a !== undefined && a === findWorkflowJob(model, wanted);
}
