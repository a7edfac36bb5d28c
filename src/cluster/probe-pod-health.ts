import { listPodEvents } from './k8s-api.js';
import { describePodHealth } from './pod-health.js';
import { isPodName, locatePod, type ProbeContext } from './probe-context.js';
import type { ProbeJob, ProbeReport } from './types.js';

/** Status and warning events of the runner pod and its `-workflow` pod (image pulls, scheduling, OOM, eviction). */
export async function probePodHealth(ctx: ProbeContext, job: ProbeJob): Promise<ProbeReport> {
  if (!job.runnerName) return { lines: ['The job has no runner name, so its pods are unknown.'] };
  if (!isPodName(job.runnerName)) {
    return { lines: [`Runner \`${job.runnerName}\` is not a Kubernetes pod, so its pods were not read.`] };
  }
  const lines: string[] = [];
  let namespace: string | undefined;
  for (const name of [job.runnerName, `${job.runnerName}-workflow`]) {
    // The workflow pod lives next to its runner pod.
    const located = await locatePod(ctx, name, namespace);
    lines.push(...located.lines);
    if (located.found) namespace ??= located.namespace;
    const ns = located.found ? located.namespace : (namespace ?? ctx.config.namespaces[0]!);
    const events = await listPodEvents(ctx.core, ns, name, ctx.config.timeoutMs);
    if (!events.ok) lines.push(`could not list events of pod ${name} in ns ${ns}: ${events.reason}`);
    const health = describePodHealth(name, located.found ? located.pod : null, events.ok ? events.value : []);
    lines.push(...health);
  }
  return { lines };
}
