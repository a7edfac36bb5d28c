import type { Finding } from '../engine/types.js';
import { deletePod } from './delete-pod.js';
import { describePodState } from './pod-state.js';
import { firstCapture, locatePod, type ProbeContext } from './probe-context.js';
import type { ProbeJob, ProbeReport } from './types.js';

/** `hook/job-pod-exists`: is the colliding `-workflow` pod still there, why, and (opt-in) delete it when stale. */
export async function probeStalePod(ctx: ProbeContext, finding: Finding, job: ProbeJob): Promise<ProbeReport> {
  const name = firstCapture(finding.captures.pod) ?? (job.runnerName ? `${job.runnerName}-workflow` : undefined);
  if (!name) return { lines: ['The log names no pod and the job has no runner name, so the leftover pod is unknown.'], actions: [] };
  const located = await locatePod(ctx, name, firstCapture(finding.captures.namespace));
  if (!located.found) {
    const gone = located.lines.some((l) => l.startsWith('Pod '));
    return { lines: gone ? [...located.lines, 'It is gone now: re-running the job should work.'] : located.lines, actions: [] };
  }
  const { namespace, pod } = located;
  const state = describePodState(pod, { now: ctx.now(), startedAt: job.startedAt ?? null });
  const lines = [...located.lines, ...state.lines];
  const actions: string[] = [];
  if (!state.stale) return { lines, actions };
  if (!ctx.config.remediateStalePods) {
    lines.push('It is older than this run and not running: set `REMEDIATE_STALE_PODS=1` on the runner-doctor server to delete such pods automatically.');
    return { lines, actions };
  }
  const del = await deletePod(ctx.core, namespace, name, pod.metadata?.uid, ctx.config.timeoutMs);
  if (del.ok) {
    ctx.log.info({ outcome: 'stale-pod-deleted', pod: name, namespace }, 'deleted stale workflow pod');
    actions.push(`deleted stale pod ${name} in ns ${namespace}`);
    lines.push(`runner-doctor deleted it (REMEDIATE_STALE_PODS=1): re-run the job.`);
  } else {
    ctx.log.warn({ outcome: 'stale-pod-delete-failed', pod: name, namespace, reason: del.reason }, 'could not delete stale workflow pod');
    lines.push(`could not delete pod ${name} in ns ${namespace}: ${del.reason}`);
  }
  return { lines, actions };
}
