import type { Finding, FixSuggestion } from '../../engine/types.js';
import { captureList, mergeSteps, unreadableReason, type FixGenerator } from '../generator-types.js';
import { gitDiff } from '../text-edits.js';
import { findWorkflowJob, type WorkflowJob } from '../../workflow/workflow-model.js';
import { YamlTextEditor } from '../yaml-text-editor.js';

/** The container name the k8s hook derives from an image: last path segment, tag cut off. */
export function hookContainerName(image: string): string {
  return (image.split('/').pop() ?? image).split(/[:@]/)[0]!;
}

function tagOf(image: string): string {
  const last = image.split('/').pop() ?? image;
  const noDigest = last.split('@')[0]!;
  const i = noDigest.indexOf(':');
  return i < 0 ? '' : noDigest.slice(i);
}

const HOOK_FIX =
  'Preferred: use a runner-container-hooks build that contains PR #308 (merged 2026-01-26; colliding ' +
    'service containers get `-0`, `-1` suffixes). The kubernetes-novolume hook in current runner images ' +
    'is 0.8.1 (2026-02-04); check its changelog for #308. Then no workflow change is needed.';

function noDiff(fix: FixSuggestion, reason: string, steps: string[]): FixSuggestion {
  return { ...fix, diff: null, diffUnavailableReason: reason, steps: mergeSteps(steps, fix.steps) };
}

/** `hook/duplicate-container-name`: name the colliding services and give all but one a distinctly named image. */
export const duplicateServiceNames: FixGenerator = (finding: Finding, fix, inputs) => {
  const name = captureList(finding.captures['container'])[0];
  const wf = inputs.workflow;
  const why =
    'The k8s hook names each service container after its image (last path segment, without tag or ' +
      'digest), so two services whose images share that name collide. A different tag or a digest does ' +
      'not help; only a different image name does.';
  if (!wf) return noDiff(fix, 'no workflow file was given (`--workflow`)', [why, HOOK_FIX]);
  if (wf.error || !wf.model) return noDiff(fix, unreadableReason(wf), [why, HOOK_FIX]);
  const model = wf.model;
  const candidates: WorkflowJob[] = inputs.job
    ? [findWorkflowJob(model, inputs.job)].filter((j): j is WorkflowJob => !!j)
    : model.jobs;
  let job: WorkflowJob | undefined;
  let colliding: string[] = [];
  for (const j of candidates) {
    const groups = new Map<string, string[]>();
    for (const [svc, s] of Object.entries(j.serviceSpans)) {
      if (!s.image || /\$\{\{/.test(s.image)) continue;
      const n = hookContainerName(s.image);
      groups.set(n, [...(groups.get(n) ?? []), svc]);
    }
    const hit = name ? groups.get(name) : [...groups.values()].find((g) => g.length > 1);
    if (hit && hit.length > 1) {
      job = j;
      colliding = hit;
      break;
    }
  }
  if (!job) {
    return noDiff(fix, `no job in ${model.path}${inputs.job ? ` named \`${inputs.job}\`` : ''} has two ` +
      `services whose images are both named \`${name ?? '?'}\``, [why, HOOK_FIX]);
  }
  const owner = inputs.repository?.split('/')[0]?.toLowerCase();
  const registry = owner ? `ghcr.io/${owner}` : 'ghcr.io/your-org';
  const editor = new YamlTextEditor(model.text);
  const commands: string[] = [];
  const renamed: string[] = [];
  for (const svc of colliding.slice(1)) {
    const s = job.serviceSpans[svc]!;
    const span = s.imageSpan!;
    const raw = model.text.slice(span.start, span.end);
    const at = raw.indexOf(s.image!);
    if (at < 0) return noDiff(fix, `the image of service \`${svc}\` is not written as one plain or ` +
      `quoted string (alias, escapes or a folded line); edit it by hand`, [why, HOOK_FIX]);
    const base = hookContainerName(s.image!);
    const svcName = svc.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    const copy = `${registry}/${svcName.startsWith(base) ? svcName : `${base}-${svcName}`}${tagOf(s.image!)}`;
    editor.replace(span.start + at, span.start + at + s.image!.length, copy);
    editor.appendComment(span.end, `runner-doctor: copy of ${s.image} under its own name (the k8s hook ` +
      `names containers after the image)`);
    commands.push(`docker buildx imagetools create --tag ${copy} ${s.image}`);
    renamed.push(`\`${svc}\` -> \`${copy}\``);
  }
  const steps = [
    why,
    `In job \`${job.key}\` the services ${colliding.map((s) => `\`${s}\``).join(', ')} all become ` +
      `containers named \`${hookContainerName(job.serviceSpans[colliding[0]!]!.image!)}\`.`,
    HOOK_FIX,
    `Otherwise (the diff): keep \`${colliding[0]}\` and point ${renamed.join(', ')}, a copy of the same ` +
      `image under a distinct name. Create the copy first with the command below (it copies the ` +
      `manifest, no pull)${owner ? '' : ', after replacing `ghcr.io/your-org` with a registry you can push to'}.`,
  ];
  return {
    ...fix,
    diff: gitDiff(model.path, model.text, editor.result()),
    diffUnavailableReason: null,
    files: [model.path],
    steps,
    commands,
  };
};
