import type { Finding, FixSuggestion } from '../../engine/types.js';
import { captureList, mergeSteps, unreadableReason, type FixGenerator } from '../generator-types.js';
import { describePlan, removeVolumesAndMounts } from '../remove-template-entries.js';
import { gitDiff } from '../text-edits.js';
import { UneditableYamlError, YamlTextEditor } from '../yaml-text-editor.js';

/** What the k8s hooks add to the job pod themselves: volume name -> mount path. */
export const HOOK_VOLUMES: Record<string, string> = { work: '/__w', externals: '/__e', github: '/github' };

const REDEPLOY = 'Redeploy the runner scale set (the template is read when the runner pod starts), then ' +
  're-run the job.';

function noDiff(fix: FixSuggestion, reason: string, steps: string[]): FixSuggestion {
  return { ...fix, diff: null, diffUnavailableReason: reason, steps: mergeSteps(steps, fix.steps) };
}

/** `hook/duplicate-volume`: remove from the hook template what the hooks already add. */
export const duplicateVolumes: FixGenerator = (finding: Finding, fix, inputs) => {
  const capturedVolumes = captureList(finding.captures['volume']);
  const capturedPaths = captureList(finding.captures['mountPath']);
  // What the log names, plus everything else the hooks own: any of those would collide next.
  const volumes = [...new Set([...capturedVolumes, ...Object.keys(HOOK_VOLUMES)])];
  const paths = [...new Set([...capturedPaths, ...Object.values(HOOK_VOLUMES)])];
  const named = [
    ...volumes.map((v) => `the volume ` +
      `\`${v}\`${HOOK_VOLUMES[v] ? ` (the hooks mount it at \`${HOOK_VOLUMES[v]}\`)` : ''} and its mounts`),
    ...paths.map((p) => `any \`$job\` mount at \`${p}\``),
  ];
  const why = `The k8s hooks add the volumes \`work\` (/__w), \`externals\` (/__e) and \`github\` ` +
    `(/github) to the job pod themselves; the template's copies make the pod invalid (HTTP 422: ` +
    `duplicate volume names / mount paths).`;
  const template = inputs.template;
  if (!template) {
    return noDiff(fix, 'no hook template was given (`--hook-template`)', [
      why,
      `In the hook template (\`ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE\`) remove ${named.join('; ')}.`,
      REDEPLOY,
    ]);
  }
  if (template.error || !template.model)
    return noDiff(fix, unreadableReason(template), [why, `Remove ${named.join('; ')}.`]);
  const tm = template.model;
  const editor = new YamlTextEditor(tm.text);
  let plan;
  try {
    plan = removeVolumesAndMounts(tm, editor, volumes, paths);
  } catch (err) {
    if (err instanceof UneditableYamlError) {
      const listed = removeVolumesAndMounts(tm, null, volumes, paths);
      return noDiff(fix, `cannot edit ${template.path} safely: ${err.message}`, [
        why,
        ...describePlan(listed, template.path),
        REDEPLOY,
      ]);
    }
    throw err;
  }
  if (plan.mounts.length === 0 && plan.volumes.length === 0) {
    return noDiff(fix, `${template.path} has none of ` +
      `${[...volumes, ...paths].map((x) => `\`${x}\``).join(', ')}: the duplicate comes from another ` +
      `template or the job's \`container.volumes\``, [
      why,
      'Check the template the runner really uses (`kubectl get configmap -o yaml` for the one mounted at ' +
        '`ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE`) and the job\'s `container.volumes:`.',
    ]);
  }
  return {
    ...fix,
    diff: gitDiff(template.path, tm.text, editor.result()),
    diffUnavailableReason: null,
    files: [template.path],
    steps: [why, ...describePlan(plan, template.path), REDEPLOY],
  };
};
