/**
 * What the k8s container hook needs in the runner namespace (it checks these itself with a
 * SelfSubjectAccessReview before each command); hook 0.7.x adds batch/jobs.
 */
export const HOOK_PERMISSIONS: { resource: string; subresource?: string; verbs: string[] }[] = [
  { resource: 'pods', verbs: ['get', 'list', 'create', 'delete'] },
  { resource: 'pods', subresource: 'exec', verbs: ['get', 'create'] },
  { resource: 'pods', subresource: 'log', verbs: ['get', 'list', 'watch'] },
  { resource: 'secrets', verbs: ['get', 'list', 'create', 'delete'] },
];

export interface MissingPermission {
  resource: string;
  subresource?: string;
  verb: string;
}

function group(missing: MissingPermission[]): [string, string[]][] {
  const byResource = new Map<string, string[]>();
  for (const m of missing) {
    const r = m.subresource ? `${m.resource}/${m.subresource}` : m.resource;
    byResource.set(r, [...(byResource.get(r) ?? []), m.verb]);
  }
  return [...byResource];
}

/** The Role rules that grant the missing permissions, as block YAML (pure). */
export function roleRulesYaml(missing: MissingPermission[]): string {
  const rules = group(missing).map(
    ([r, verbs]) => `- apiGroups: [""]\n  resources: ["${r}"]\n  verbs: [${verbs.map((v) => `"${v}"`).join(', ')}]`,
  );
  return `rules:\n${rules.join('\n')}\n`;
}

/** The same rules as one line of flow YAML, for a comment bullet (pure). */
export function roleRulesFlow(missing: MissingPermission[]): string {
  return group(missing)
    .map(([r, verbs]) => `{apiGroups: [""], resources: ["${r}"], verbs: [${verbs.join(', ')}]}`)
    .join(', ');
}
