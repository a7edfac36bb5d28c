import type { Finding } from '../engine/types.js';
import { deletePod } from './k8s-api.js';
import { describePodState } from './pod-state.js';
import { firstCapture, isPodName, locatePod, loggedName, type ProbeContext } from './probe-context.js';
import type { ProbeJob, ProbeReport } from './types.js';

/**
 * `hook/job-pod-exists`: is this runner's `-workflow` pod still there, why, and (opt-in) delete it
 * when stale. The pod is named from the API's `runner_name` and looked for in the server's
 * namespaces only: a pod or namespace named in the log is compared and shown, never read or deleted.
 */
export async function probeStalePod(ctx: ProbeContext, finding: Finding, job: ProbeJob): Promise<ProbeReport> {
  const logged = loggedName(finding.captures.pod);
  const lines: string[] = [];
  if (!job.runnerName || !isPodName(job.runnerName)) {
    const why = job.runnerName ? `runner \`${job.runnerName}\` is not a Kubernetes pod` : 'the job has no runner name';
    lines.push(
      `The leftover pod was not looked up: ${why}, ` +
        "and runner-doctor only reads the runner's own `<runner>-workflow` pod.",
    );
    if (logged) lines.push(`The log names pod \`${logged}\`.`);
    return { lines };
  }
  const name = `${job.runnerName}-workflow`;
  if (logged && logged !== name) {
    const looked = `runner-doctor looked at \`${name}\` only`;
    lines.push(`The log names pod \`${logged}\`, not this runner's \`${name}\`: ${looked}.`);
  }
  const loggedNs = loggedName(finding.captures.namespace);
  if (loggedNs && !ctx.config.namespaces.includes(loggedNs)) {
    lines.push(`The log names namespace \`${loggedNs}\`, which is not in \`KUBE_NAMESPACES\`, so it was not searched.`);
  } else if (firstCapture(finding.captures.namespace) !== undefined && !loggedNs) {
    lines.push('The log names a namespace that is not a valid Kubernetes name; it was not searched.');
  }
  const located = await locatePod(ctx, name);
  lines.push(...located.lines);
  if (!located.found) {
    if (located.lines.some((l) => l.startsWith('Pod '))) lines.push('It is gone now: re-running the job should work.');
    return { lines };
  }
  const { namespace, pod } = located;
  const state = describePodState(pod, { now: ctx.now(), startedAt: job.startedAt ?? null });
  lines.push(...state.lines);
  if (!state.stale) return { lines };
  if (!ctx.config.remediateStalePods) {
    lines.push(
      'It is older than this run and not running: set `REMEDIATE_STALE_PODS=1` on the runner-doctor server ' +
        'to delete such pods automatically.',
    );
    return { lines };
  }
  const uid = pod.metadata?.uid;
  if (!uid) {
    // Without a uid the delete could hit a newer pod of the same name.
    lines.push('It has no uid, so runner-doctor did not delete it: delete it by hand, then re-run the job.');
    return { lines };
  }
  const del = await deletePod(ctx.core, namespace, name, uid, ctx.config.timeoutMs);
  if (del.ok) {
    ctx.log.info({ outcome: 'stale-pod-deleted', pod: name, namespace }, 'deleted stale workflow pod');
    lines.push(`runner-doctor deleted it (REMEDIATE_STALE_PODS=1): re-run the job.`);
  } else {
    const outcome = { outcome: 'stale-pod-delete-failed', pod: name, namespace, reason: del.reason };
    ctx.log.warn(outcome, 'could not delete stale workflow pod');
    lines.push(`could not delete pod ${name} in ns ${namespace}: ${del.reason}`);
  }
  return { lines };
}
