import type { Diagnosis } from '../engine/types.js';
import { planProbes } from './probe-plan.js';

/**
 * What the live probes would have checked for this diagnosis, for a comment written while they are
 * off (pure). Empty when no probe applies.
 */
export function describeProbes(diagnosis: Diagnosis): string[] {
  const lines = planProbes(diagnosis).map(({ kind }) => {
    switch (kind) {
      case 'stale-pod':
        return (
          "read the runner's `<runner>-workflow` pod (phase, age, deletionTimestamp, finalizers, owner, labels) " +
          'and said why it is stuck'
        );
      case 'hook-template':
        return (
          "read the runner pod's `ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE` and the ConfigMap mounted there, " +
          'and built the fix against the live template'
        );
      case 'pod-health':
        return (
          'read the status and warning events of the runner pod and its `-workflow` pod ' +
          '(image pulls, scheduling, OOMKilled, eviction)'
        );
      case 'access':
        return (
          "checked which of the hook's permissions the runner's service account lacks " +
          'and listed the Role rules to add'
        );
    }
  });
  if (!lines.length) return [];
  const off = 'Live cluster probes are off (set `KUBE_PROBES=1` on the server).';
  return [`${off} They would have ${lines.join('; and ')}.`];
}
