import type { Finding, FixSuggestion } from '../../engine/types.js';
import { mergeSteps, unreadableReason, type FixGenerator } from '../generator-types.js';
import { gitDiff } from '../text-edits.js';
import {
  findWorkflowJob,
  pickWorkflowJob,
  type WorkflowJob,
  type WorkflowModel,
} from '../../workflow/workflow-model.js';
import { columnOf, mappingEntries, mappingKey, parseYamlWithPositions } from '../../workflow/yaml-positions.js';
import { YamlTextEditor, detectIndentUnit } from '../yaml-text-editor.js';

/**
 * The image we propose. Jobs that reach these runners were mostly written for GitHub-hosted
 * Ubuntu runners; catthehacker's `act` images rebuild that environment (git, node, curl, docker
 * CLI) on Ubuntu and carry sh, tar, find, coreutils and grep, which the k8s hooks need. The tag
 * follows an `ubuntu-XX.04` label when the job has one.
 */
export function proposedJobImage(labels: string[]): string {
  for (const l of labels) {
    const m = /^ubuntu-(\d\d\.04|latest)$/.exec(l);
    if (m) return `ghcr.io/catthehacker/ubuntu:act-${m[1]}`;
  }
  return 'ghcr.io/catthehacker/ubuntu:act-latest';
}

function noDiff(fix: FixSuggestion, reason: string, steps: string[]): FixSuggestion {
  return { ...fix, diff: null, diffUnavailableReason: reason, steps: mergeSteps(steps, fix.steps) };
}

function chooseJob(model: WorkflowModel, job: string | undefined, servicesOnly: boolean): WorkflowJob | string {
  if (job)
    return (
      findWorkflowJob(model, job) ??
      `job \`${job}\` is not in ${model.path} (jobs: ${model.jobs.map((j) => j.key).join(', ')})`
    );
  const without = model.jobs.filter(
    (j) => j.container === null && (!servicesOnly || Object.keys(j.serviceSpans).length > 0),
  );
  if (without.length === 1) return without[0]!;
  const only = pickWorkflowJob(model);
  if (only && model.jobs.length === 1) return only;
  return `cannot tell which job failed: ` +
    `${without.length === 0 ? 'every job' : `${without.map((j) => `\`${j.key}\``).join(', ')}`} ` +
    `${without.length === 0 ? 'already has a container' : 'have no container'}; pass the job name (\`--job\`)`;
}

/** `hook/job-container-required`, `runner/job-container-forbidden`: add a `container:` to the job. */
export const jobContainer: FixGenerator = (finding: Finding, fix, inputs) => {
  const hookSide = finding.id.startsWith('hook/');
  const runnerSetting = hookSide
    ? 'Setting `ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER=false` on the runner does not help here: the k8s ' +
      'hook itself needs a job container as soon as the job has `services:`. Without a container, move ' +
      'the job to a runner in docker (dind) mode.'
    : 'Runner-side alternative: set `ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER` to `"false"` in the scale ' +
      'set\'s runner container env, so jobs without `container:` run in the runner pod itself.';
  const wf = inputs.workflow;
  if (!wf) return noDiff(fix, 'no workflow file was given (`--workflow`)', [runnerSetting]);
  if (wf.error || !wf.model) return noDiff(fix, unreadableReason(wf), [runnerSetting]);
  const model = wf.model;
  const job = chooseJob(model, inputs.job, hookSide);
  if (typeof job === 'string') return noDiff(fix, job, [runnerSetting]);
  if (job.container) {
    return noDiff(fix, `job \`${job.key}\` already has a \`container:\` in ${model.path}; the run used ` +
      `another version of the workflow, or the error is about another job`, [runnerSetting]);
  }
  const text = model.text;
  const entries = mappingEntries(job.node);
  if (entries.length === 0 || text[job.node.start] === '{') {
    return noDiff(fix, `job \`${job.key}\` is written in flow style (\`{...}\`); add \`container:\` by hand`, [
      runnerSetting,
    ]);
  }
  const keyCol = columnOf(text, entries[0]!.key.start);
  const unit = detectIndentUnit(text, parseYamlWithPositions(text, model.path));
  const runsOn = mappingKey(job.node, 'runs-on');
  // Right after `runs-on:` (where readers look for it), else after the job's last key.
  const anchor = runsOn ? entries.find((e) => e.key === runsOn)!.value : entries[entries.length - 1]!.value;
  const image = proposedJobImage(job.runsOn);
  const editor = new YamlTextEditor(text);
  const pad = ' '.repeat(keyCol);
  editor.insertAfterLineOf(anchor.end, [
    `${pad}container:`,
    `${pad}${unit}image: ${image} # runner-doctor: proposed image, review: it must have your steps' ` +
      `tools and sh, tar, find, coreutils, grep`,
  ]);
  const steps = [
    `Job \`${job.key}\` has no \`container:\`, but ` +
      (hookSide
        ? 'the k8s hook needs one (the job has `services:`).'
        : 'this runner only runs jobs in a job container.'),
    `The diff adds \`container: image: ${image}\`: an Ubuntu image with the tools of GitHub-hosted ` +
      `runners${job.runsOn.some((l) => l.startsWith('ubuntu-')) ? ` (tag from the \`runs-on\` label)` : ''}. ` +
      `Replace it with your own image if the steps need more; it must have sh, tar, find, coreutils and ` +
      `grep for the hooks.`,
    runnerSetting,
  ];
  return {
    ...fix,
    diff: gitDiff(model.path, text, editor.result()),
    diffUnavailableReason: null,
    files: [model.path],
    steps,
  };
};
