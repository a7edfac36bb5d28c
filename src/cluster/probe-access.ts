import type { Finding } from '../engine/types.js';
import { HOOK_PERMISSIONS, roleRulesFlow, roleRulesYaml, type MissingPermission } from './hook-permissions.js';
import { reviewAccess } from './k8s-api.js';
import { isPodName, locatePod, loggedName, type ProbeContext } from './probe-context.js';
import type { ProbeJob, ProbeReport } from './types.js';

/**
 * `hook/forbidden`: asks the API server (SubjectAccessReview) which of the hook's permissions the
 * runner's service account lacks, and prints the Role rules to add. The account and namespace come
 * from the runner pod (named by the API's `runner_name`, found in the server's namespaces); the ones a
 * log names are only compared, so a log cannot choose what is asked about.
 */
export async function probeAccess(ctx: ProbeContext, finding: Finding, job: ProbeJob): Promise<ProbeReport> {
  const loggedAccount = loggedName(finding.captures.serviceAccount ?? finding.captures.serviceaccount);
  const loggedNs = loggedName(finding.captures.namespace);
  const unknown = 'so the service account the hook runs as is unknown';
  if (!job.runnerName || !isPodName(job.runnerName)) {
    const why = job.runnerName ? `runner \`${job.runnerName}\` is not a Kubernetes pod` : 'the job has no runner name';
    return { lines: [`The hook's permissions were not checked: ${why}, ${unknown}.`] };
  }
  const located = await locatePod(ctx, job.runnerName);
  const lines = [...located.lines];
  if (!located.found) {
    lines.push(`The runner pod is gone, ${unknown}; its permissions were not checked.`);
    return { lines };
  }
  const namespace = located.namespace;
  const serviceAccount = located.pod.spec?.serviceAccountName ?? 'default';
  const who = `\`${namespace}/${serviceAccount}\``;
  if ((loggedAccount && loggedAccount !== serviceAccount) || (loggedNs && loggedNs !== namespace)) {
    const named = `${loggedNs ?? '?'}/${loggedAccount ?? '?'}`;
    lines.push(`The log names service account \`${named}\`; the runner pod runs as ${who}, which is the one checked.`);
  }
  const missing: MissingPermission[] = [];
  for (const p of HOOK_PERMISSIONS) {
    for (const verb of p.verbs) {
      const sub = p.subresource ? { subresource: p.subresource } : {};
      const question = { namespace, serviceAccount, verb, resource: p.resource, ...sub };
      const got = await reviewAccess(ctx.auth, question, ctx.config.timeoutMs);
      if (!got.ok) {
        const what = `the permissions of service account ${serviceAccount} in ns ${namespace}`;
        lines.push(`could not check ${what}: ${got.reason}`);
        return { lines };
      }
      if (!got.value) missing.push({ verb, resource: p.resource, ...sub });
    }
  }
  if (!missing.length) {
    lines.push(
      `Service account ${who} now has every permission the hook needs: ` +
        'the Role was probably fixed after this run; re-run the job.',
    );
    return { lines };
  }
  const list = missing.map((m) => `${m.verb} ${m.subresource ? `${m.resource}/${m.subresource}` : m.resource}`);
  lines.push(`Service account ${who} lacks: ${list.join(', ')}.`);
  lines.push(`Add to the Role bound to it in \`${namespace}\`: \`${roleRulesFlow(missing)}\``);
  const snippet = { title: `Role rules to add in ${namespace}`, language: 'yaml', body: roleRulesYaml(missing) };
  return { lines, snippets: [snippet] };
}
