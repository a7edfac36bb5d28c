import type { Finding } from '../engine/types.js';
import { HOOK_PERMISSIONS, roleRulesFlow, roleRulesYaml, type MissingPermission } from './hook-permissions.js';
import { firstCapture, locatePod, type ProbeContext } from './probe-context.js';
import { reviewAccess } from './review-access.js';
import type { ProbeJob, ProbeReport } from './types.js';

/**
 * `hook/forbidden`: asks the API server (SubjectAccessReview) which of the hook's permissions the
 * runner's service account lacks, and prints the Role rules to add.
 */
export async function probeAccess(ctx: ProbeContext, finding: Finding, job: ProbeJob): Promise<ProbeReport> {
  const lines: string[] = [];
  let namespace = firstCapture(finding.captures.namespace);
  let serviceAccount = firstCapture(finding.captures.serviceAccount) ?? firstCapture(finding.captures.serviceaccount);
  if (!serviceAccount && job.runnerName) {
    // The log did not say which account: the runner pod's spec does.
    const located = await locatePod(ctx, job.runnerName, namespace);
    lines.push(...located.lines);
    if (located.found) {
      namespace ??= located.namespace;
      serviceAccount = located.pod.spec?.serviceAccountName ?? 'default';
    }
  }
  if (!serviceAccount || !namespace) {
    lines.push('Neither the log nor the runner pod says which service account the hook runs as, so its permissions were not checked.');
    return { lines, actions: [] };
  }
  const missing: MissingPermission[] = [];
  for (const p of HOOK_PERMISSIONS) {
    for (const verb of p.verbs) {
      const q = { namespace, serviceAccount, verb, resource: p.resource, ...(p.subresource ? { subresource: p.subresource } : {}) };
      const got = await reviewAccess(ctx.auth, q, ctx.config.timeoutMs);
      if (!got.ok) {
        lines.push(`could not check the permissions of service account ${serviceAccount} in ns ${namespace}: ${got.reason}`);
        return { lines, actions: [] };
      }
      if (!got.value) missing.push({ verb, resource: p.resource, ...(p.subresource ? { subresource: p.subresource } : {}) });
    }
  }
  const who = `Service account \`${namespace}/${serviceAccount}\``;
  if (!missing.length) {
    lines.push(`${who} now has every permission the hook needs: the Role was probably fixed after this run; re-run the job.`);
    return { lines, actions: [] };
  }
  const list = missing.map((m) => `${m.verb} ${m.subresource ? `${m.resource}/${m.subresource}` : m.resource}`).join(', ');
  lines.push(`${who} lacks: ${list}.`);
  lines.push(`Add to the Role bound to it in \`${namespace}\`: \`${roleRulesFlow(missing)}\``);
  return { lines, actions: [], snippets: [{ title: `Role rules to add in ${namespace}`, language: 'yaml', body: roleRulesYaml(missing) }] };
}
