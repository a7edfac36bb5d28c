import type { ApiStep, JobContext } from '../engine/types.js';
import { pickWorkflowJob, type WorkflowModel } from './workflow-model.js';

/**
 * What the workflow says about a job, for the engine: container image, services, runner labels.
 * `job` is the workflow key or the display name (API names of matrix jobs work too); without it,
 * the only job with a container, else the only job. Returns {} when the job cannot be told.
 */
export function jobContextFromWorkflow(model: WorkflowModel, job?: string): JobContext {
  const found = pickWorkflowJob(model, job);
  if (!found) return {};
  const ctx: JobContext = { name: job !== undefined && job !== '' ? job : (found.name ?? found.key) };
  if (found.container?.image) {
    ctx.containerImage = found.container.image;
    ctx.containerImageIsExpression = found.container.isExpression;
  }
  if (Object.keys(found.services).length > 0) ctx.services = { ...found.services };
  if (found.runsOn.length > 0) ctx.runnerLabels = [...found.runsOn];
  return ctx;
}

/** The fields of an API job (`GET .../jobs`) that say something about where it ran. */
export interface ApiJobFacts {
  name: string;
  runner_name: string | null;
  labels: string[];
  steps?: ApiStep[];
}

/**
 * The engine's context for a job the API listed: the workflow's view of it (when the workflow could be read),
 * then the API's name, runner, labels and steps, which are what really ran.
 */
export function jobContextForApiJob(job: ApiJobFacts, model: WorkflowModel | null): JobContext {
  let fromWorkflow: JobContext = {};
  if (model) {
    try {
      fromWorkflow = jobContextFromWorkflow(model, job.name);
    } catch {
      fromWorkflow = {};
    }
  }
  return {
    ...fromWorkflow,
    name: job.name,
    ...(job.runner_name ? { runnerName: job.runner_name } : {}),
    ...(job.labels.length ? { runnerLabels: job.labels } : {}),
    ...(job.steps ? { steps: job.steps } : {}),
  };
}
