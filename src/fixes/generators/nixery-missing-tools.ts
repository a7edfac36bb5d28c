import type { Finding, FixSuggestion } from '../../engine/types.js';
import {
  HOOK_TOOLS,
  NIXERY_HOOK_PACKAGES,
  NIXERY_PACKAGE_FOR_TOOL,
  missingHookTools,
  parseNixeryImage,
  type HookTool,
} from '../../engine/nixery.js';
import { installSteps } from '../distro-install.js';
import { captureList, mergeSteps, unreadableReason, type FixGenerator, type FixInputs } from '../generator-types.js';
import { gitDiff } from '../text-edits.js';
import {
  findWorkflowJob,
  pickWorkflowJob,
  type WorkflowJob,
  type WorkflowModel,
} from '../../workflow/workflow-model.js';
import { YamlTextEditor } from '../yaml-text-editor.js';

const isHookTool = (t: string): t is HookTool => (HOOK_TOOLS as readonly string[]).includes(t);

/** Nixery packages to append so the image has every hook tool (and the captured ones), in our order. */
export function nixeryPackagesToAdd(image: string, capturedTools: string[]): string[] {
  const parsed = parseNixeryImage(image);
  if (!parsed) return [];
  const need = new Set<string>();
  for (const t of missingHookTools(image) ?? []) need.add(NIXERY_PACKAGE_FOR_TOOL[t]);
  // The log is the authority: a tool it says is missing gets its package even if a bundle claims it.
  for (const t of capturedTools) if (isHookTool(t)) need.add(NIXERY_PACKAGE_FOR_TOOL[t]);
  return NIXERY_HOOK_PACKAGES.filter((p) => need.has(p) && !parsed.packages.includes(p));
}

/** The image with `packages` appended to its path, before a `:tag`. */
export function withNixeryPackages(image: string, packages: string[]): string {
  if (packages.length === 0) return image;
  const trimmed = image.trimEnd();
  const lastSlash = trimmed.lastIndexOf('/');
  const colon = trimmed.indexOf(':', lastSlash);
  const at = colon < 0 ? trimmed.length : colon;
  return `${trimmed.slice(0, at)}/${packages.join('/')}${trimmed.slice(at)}${image.slice(trimmed.length)}`;
}

function jobLabel(job: WorkflowJob): string {
  return job.name && job.name !== job.key ? `\`${job.key}\` (${job.name})` : `\`${job.key}\``;
}

function noDiff(fix: FixSuggestion, reason: string, steps: string[] = [], replace = false): FixSuggestion {
  return { ...fix, diff: null, diffUnavailableReason: reason, steps: replace ? steps : mergeSteps(steps, fix.steps) };
}

function packageNote(packages: string[]): string {
  const from: string[] = [];
  for (const p of packages) {
    const tools = HOOK_TOOLS.filter((t) => NIXERY_PACKAGE_FOR_TOOL[t] === p);
    from.push(`\`${p}\` (${tools.join(', ')})`);
  }
  return from.join(', ');
}

function targetJobs(
  model: WorkflowModel,
  inputs: FixInputs,
  tools: string[],
): { jobs: WorkflowJob[]; failing: WorkflowJob | null; error?: string } {
  if (inputs.job) {
    const job = findWorkflowJob(model, inputs.job);
    if (!job) {
      return {
        jobs: [],
        failing: null,
        error: `job \`${inputs.job}\` is not in ${model.path} (jobs: ${model.jobs.map((j) => j.key).join(', ')})`,
      };
    }
    return { jobs: [job], failing: job };
  }
  const picked = pickWorkflowJob(model);
  if (picked) return { jobs: [picked], failing: picked };
  // Failing job unknown: every Nixery job that lacks something.
  const lacking = model.jobs.filter(
    (j) => j.container?.image && !j.container.isExpression && nixeryPackagesToAdd(j.container.image, tools).length > 0,
  );
  return { jobs: lacking, failing: null };
}

/** `image/missing-tool` (and the inferred wrapper-only case): add the Nixery packages the hooks need. */
export const nixeryMissingTools: FixGenerator = (finding: Finding, fix, inputs) => {
  // `tools`: every tool the engine inferred from the image when the log only has the wrapper.
  const tools = [...new Set([...captureList(finding.captures['tool']), ...captureList(finding.captures['tools'])])];
  const unknownTools = tools.filter((t) => !isHookTool(t));
  const extra = unknownTools.map(
    (t) => `\`${t}\` is not one of the hook's tools: add the nixpkgs attribute that provides it to the ` +
      `image path as well (search.nixos.org).`,
  );
  const wf = inputs.workflow;
  if (!wf) {
    // The engine may know the image from the job context: say what it should become.
    const known = captureList(finding.captures['image'])[0];
    const pkgs = known ? nixeryPackagesToAdd(known, tools) : [];
    const hint = known && pkgs.length > 0 ? [`Change the job image \`${known}\` to ` +
      `\`${withNixeryPackages(known, pkgs)}\` (adds ${packageNote(pkgs)}).`] : [];
    return noDiff(fix, 'no workflow file was given (`--workflow`), so the image to change is unknown', [
      ...hint,
      ...extra,
    ]);
  }
  if (wf.error || !wf.model) return noDiff(fix, unreadableReason(wf), extra);
  const model = wf.model;
  const { jobs, failing, error } = targetJobs(model, inputs, tools);
  if (error) return noDiff(fix, error, extra);
  if (jobs.length === 0) {
    return noDiff(
      fix,
      `cannot tell which job failed: ${model.path} has several jobs and none of their Nixery images ` +
        `lacks hook tools; pass the job name (\`--job\`)`,
      extra,
    );
  }
  if (failing) {
    const c = failing.container;
    if (!c || !c.image) {
      return noDiff(fix, `job ${jobLabel(failing)} has no \`container:\` image in ${model.path}; the ` +
        `tool is missing in the runner image or a step's container`, extra);
    }
    if (c.isExpression) {
      const pkgs = NIXERY_HOOK_PACKAGES.join('/');
      return noDiff(
        fix,
        `the image of job ${jobLabel(failing)} comes from an expression (\`${c.image}\`), so there is no ` +
          `single image string to change`,
        [
          `Wherever \`${c.image.replace(/^\$\{\{\s*|\s*\}\}$/g, '')}\` is defined (matrix, inputs, ` +
            `vars), make every Nixery image include the hook packages: append \`/${pkgs}\` minus what ` +
            `each image already lists (tar -> gnutar, find -> findutils, chmod/stat/cat/sleep/tail -> ` +
            `coreutils, grep -> gnugrep, sh -> shell).`,
          ...extra,
        ],
      );
    }
    if (!parseNixeryImage(c.image)) {
      return noDiff(
        fix,
        `\`${c.image}\` is not a Nixery image: its packages are installed when the image is built, so ` +
          `there is no line in ${model.path} to change`,
        [...installSteps(c.image), ...extra],
        true,
      );
    }
  }

  const editor = new YamlTextEditor(model.text);
  const steps: string[] = [];
  const changed: string[] = [];
  const seen = new Set<string>();
  const byImage = new Map<string, string[]>();
  for (const job of jobs) {
    const image = job.container!.image!;
    const pkgs = nixeryPackagesToAdd(image, tools);
    if (pkgs.length === 0) {
      steps.push(`Job ${jobLabel(job)}: \`${image}\` already lists a package for every hook tool; check ` +
        `that the tool is really on PATH in that image.`);
      continue;
    }
    const newImage = withNixeryPackages(image, pkgs);
    steps.push(`Job ${jobLabel(job)}: add ${packageNote(pkgs)} to the Nixery image: \`${newImage}\`.`);
    // The same image elsewhere gets the same change, called out so nobody is surprised.
    const sameImage = model.jobs.filter((j) => j !== job && !jobs.includes(j) && j.container?.image === image);
    const all = [job, ...sameImage];
    if (sameImage.length > 0) {
      steps.push(`The diff also updates ${sameImage.map(jobLabel).join(', ')}: same image \`${image}\`, ` +
        `same missing tools.`);
    }
    for (const j of all) {
      if (seen.has(j.key)) continue;
      seen.add(j.key);
      const span = j.container!.imageSpan!;
      const raw = model.text.slice(span.start, span.end);
      const at = raw.indexOf(image.trimEnd());
      if (at < 0) return noDiff(fix, `the image of job \`${j.key}\` is not written as one plain or ` +
        `quoted string (alias, escapes or a folded line); edit it by hand`, steps);
      editor.replace(span.start + at, span.start + at + image.trimEnd().length, newImage.trimEnd());
      changed.push(j.key);
    }
    byImage.set(image, pkgs);
  }
  if (!failing) {
    steps.unshift(`The failing job is not known (pass \`--job\`), so the diff updates every Nixery image ` +
      `in ${model.path} that lacks hook tools.`);
  }
  // Other Nixery images that lack tools: named, not changed.
  for (const j of model.jobs) {
    const img = j.container?.image;
    if (!img || j.container!.isExpression || seen.has(j.key) || byImage.has(img)) continue;
    const pkgs = nixeryPackagesToAdd(img, []);
    if (pkgs.length > 0) steps.push(`Job ${jobLabel(j)} uses \`${img}\`, which also lacks ` +
      `${pkgs.map((p) => `\`${p}\``).join(', ')}; not changed by this diff.`);
  }
  steps.push('The k8s hooks run sh, tar, find, chmod, stat, cat, grep, sleep and tail inside the job ' +
    'container, so the diff adds every missing one, not only the tool in the log.', ...extra);
  steps.push('Re-run the job.');
  const diff = gitDiff(model.path, model.text, editor.result());
  if (!diff) {
    const what = failing ? `\`${failing.container!.image}\` already lists` : `every Nixery image in ` +
      `${model.path} already lists`;
    return noDiff(fix, `${what} a package for each hook tool; check the tool is really on PATH in the ` +
      `image (wrappers, busybox applets)`, steps, true);
  }
  const check = 'for t in sh tar find chmod stat cat grep sleep tail; do command -v $t >/dev/null || ' +
    'echo missing: $t; done';
  const commands = [
    ...new Set(jobs.map((j) => withNixeryPackages(j.container!.image!, byImage.get(j.container!.image!) ?? []))),
  ].map((img) => `docker run --rm --entrypoint sh ${img} -c "${check}"`);
  return { ...fix, diff, diffUnavailableReason: null, files: [model.path], steps, commands };
};
