import type { Finding } from '../../engine/types.js';
import { captureList, type FixGenerator } from '../generator-types.js';

/** `hook/job-pod-exists`: the commands for the captured pod, and what a repeat means. */
export const stalePod: FixGenerator = (finding: Finding, fix) => {
  const pod = captureList(finding.captures['pod'])[0];
  const namespace = captureList(finding.captures['namespace'])[0];
  const ns = namespace ?? '<runner-namespace>';
  const p = pod ?? '<runner-pod>-workflow';
  const steps = [
    `A workflow pod \`${p}\` from an earlier run still exists; the hooks name the job pod after the ` +
      `runner pod, so the new one cannot be created.`,
    `Check whether it is terminating and what holds it (\`deletionTimestamp\`, \`finalizers\`), delete ` +
      `it, then re-run the failed job.`,
    'If it happens again: something keeps job pods alive (a finalizer added by an admission webhook or ' +
      'operator), or the runner service account cannot delete pods (the hooks\' Role needs `delete` on ' +
      '`pods`), so the hooks\' cleanup fails silently.',
  ];
  if (!namespace) steps.push('Use the namespace of the runner pods ' +
    '(`ACTIONS_RUNNER_KUBERNETES_NAMESPACE`, or the scale set\'s namespace).');
  if (!pod) steps.push('The pod name was not in the log: list the runner\'s pods with `kubectl get pods ' +
    '-n NAMESPACE | grep workflow`.');
  return {
    ...fix,
    diff: null,
    // Nothing in a file causes this: the fix is a command, not a change.
    diffUnavailableReason: 'the cause is a leftover pod in the cluster, not a file: run the commands',
    steps,
    commands: [
      `kubectl get pod ${p} -n ${ns} -o wide`,
      `kubectl get pod ${p} -n ${ns} -o jsonpath='{.metadata.deletionTimestamp} {.metadata.finalizers}'`,
      `kubectl delete pod ${p} -n ${ns} --wait=false`,
      `kubectl auth can-i delete pods -n ${ns} --as=system:serviceaccount:${ns}:<runner-service-account>`,
    ],
  };
};
