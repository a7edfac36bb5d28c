import type { Finding, FixSuggestion } from '../../engine/types.js';
import { mergeSteps, unreadableReason, type FixGenerator } from '../generator-types.js';
import { describePlan, removeVolumesAndMounts } from '../remove-template-entries.js';
import { gitDiff } from '../text-edits.js';
import { UneditableYamlError, YamlTextEditor } from '../yaml-text-editor.js';

/** Directories under the hooks' own volumes that a template must not mount over. */
export const SHADOWING_PATHS = ['/__w/_temp', '/__w/_actions', '/__w/_tool', '/github/home', '/github/workflow'];

const WHY =
  'The k8s-novolume hooks fill `/__w` and `/github` (event.json in `/github/workflow`, the step scripts ' +
    'in `/__w/_temp`) in their own volumes; template volumes mounted over those directories hide what ' +
    'the hooks copied, so `GITHUB_EVENT_PATH` and the scripts are missing.';
const REDEPLOY = 'Redeploy the runner scale set, then re-run the job.';

function noDiff(fix: FixSuggestion, reason: string, steps: string[]): FixSuggestion {
  return { ...fix, diff: null, diffUnavailableReason: reason, steps: mergeSteps(steps, fix.steps) };
}

/** `workspace/event-path-missing`: remove the template's workspace mounts that shadow the hooks' directories. */
export const workspaceVolumes: FixGenerator = (_finding: Finding, fix, inputs) => {
  const template = inputs.template;
  const listAll = `In the hook template remove the \`$job\` mounts at ` +
    `${SHADOWING_PATHS.map((p) => `\`${p}\``).join(', ')} and the volumes they use.`;
  if (!template) return noDiff(fix, 'no hook template was given (`--hook-template`)', [WHY, listAll, REDEPLOY]);
  if (template.error || !template.model) return noDiff(fix, unreadableReason(template), [WHY, listAll]);
  const tm = template.model;
  const editor = new YamlTextEditor(tm.text);
  let plan;
  try {
    plan = removeVolumesAndMounts(tm, editor, [], SHADOWING_PATHS);
  } catch (err) {
    if (err instanceof UneditableYamlError) {
      const listed = removeVolumesAndMounts(tm, null, [], SHADOWING_PATHS);
      return noDiff(fix, `cannot edit ${template.path} safely: ${err.message}`, [
        WHY,
        ...describePlan(listed, template.path),
        REDEPLOY,
      ]);
    }
    throw err;
  }
  if (plan.mounts.length === 0) {
    return noDiff(fix, `${template.path} mounts nothing at ${SHADOWING_PATHS.join(', ')}; the event file ` +
      `is missing for another reason`, [
      'Check the job\'s `container.volumes:` and the template the runner really uses (`kubectl get ' +
        'configmap -o yaml`).',
    ]);
  }
  return {
    ...fix,
    diff: gitDiff(template.path, tm.text, editor.result()),
    diffUnavailableReason: null,
    files: [template.path],
    steps: [WHY, ...describePlan(plan, template.path), REDEPLOY],
  };
};
