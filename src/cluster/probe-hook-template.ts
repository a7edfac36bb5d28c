import { findHookTemplateSource } from './hook-template-source.js';
import { readConfigMap } from './k8s-api.js';
import { isPodName, locatePod, type ProbeContext } from './probe-context.js';
import type { ProbeJob, ProbeReport } from './types.js';

/** The live hook template: runner pod env -> mounted ConfigMap -> its text, for the fix generators. */
export async function probeHookTemplate(ctx: ProbeContext, job: ProbeJob): Promise<ProbeReport> {
  if (!job.runnerName) {
    return { lines: ['The job has no runner name, so the runner pod (and its hook template) is unknown.'] };
  }
  if (!isPodName(job.runnerName)) {
    return { lines: [`Runner \`${job.runnerName}\` is not a Kubernetes pod, so it has no hook template to read.`] };
  }
  const located = await locatePod(ctx, job.runnerName);
  if (!located.found) return { lines: located.lines };
  const lines = [...located.lines];
  const source = findHookTemplateSource(located.pod);
  if (!source.found) return { lines: [...lines, `Runner pod \`${job.runnerName}\`: ${source.reason}.`] };
  const ns = located.namespace;
  const cm = await readConfigMap(ctx.core, ns, source.configMap, ctx.config.timeoutMs);
  if (!cm.ok) return { lines: [...lines, `could not read configmap ${source.configMap} in ns ${ns}: ${cm.reason}`] };
  const where = `ConfigMap \`${source.configMap}\``;
  const text = cm.value.data?.[source.key];
  if (text === undefined) {
    const missing = `${where} in \`${ns}\` has no key \`${source.key}\` (the runner reads ${source.path}).`;
    return { lines: [...lines, missing] };
  }
  const from = `Hook template ${source.path} comes from ${where} key \`${source.key}\` in \`${ns}\``;
  return {
    lines: [...lines, `${from}; the fix below is against that live text.`],
    hookTemplate: { path: `configmap/${ns}/${source.configMap}/${source.key}`, text },
  };
}
