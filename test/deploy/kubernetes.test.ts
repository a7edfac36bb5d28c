import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const DIR = 'deploy/kubernetes';
type Obj = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; [k: string]: unknown };
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const docs: { file: string; obj: Obj }[] = files.flatMap((file) =>
  yaml.loadAll(readFileSync(join(DIR, file), 'utf8')).filter(Boolean).map((obj) => ({ file, obj: obj as Obj })),
);
const manifests = docs.filter((d) => d.obj.kind !== 'Kustomization');
const find = (kind: string, name: string) => manifests.find((d) => d.obj.kind === kind && d.obj.metadata?.name === name)?.obj;
const spec = (o: Obj | undefined) => (o as { spec: any } | undefined)?.spec;

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

describe('deploy/kubernetes manifests', () => {
  it('has the files the README names', () => {
    expect(files).toEqual([
      'clusterrole-access-review.yaml', 'deployment-worker.yaml', 'deployment.yaml', 'kustomization.yaml', 'namespace.yaml',
      'poddisruptionbudget.yaml', 'redis.yaml', 'role-probes.yaml', 'role-remediate.yaml', 'secret.example.yaml',
      'service.yaml', 'serviceaccount.yaml',
    ]);
  });

  it.each(manifests.map((d) => [`${d.file}: ${d.obj.kind}/${d.obj.metadata?.name}`, d.obj] as const))('%s has what the API server requires', (_n, o) => {
    expect(o.apiVersion).toMatch(/^([a-z0-9.-]+\/)?v1$/);
    expect(o.kind).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(o.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    if (CLUSTER_SCOPED.has(o.kind!)) expect(o.metadata?.namespace).toBeUndefined();
    else expect(o.metadata?.namespace).toMatch(/^[a-z0-9-]+$/);
  });

  it('the Deployment selects its own pods, runs non-root with /ping probes, resources, the Secret and the ServiceAccount', () => {
    const dep = find('Deployment', 'runner-doctor');
    const s = spec(dep);
    expect(dep?.apiVersion).toBe('apps/v1');
    expect(s.template.metadata.labels).toMatchObject(s.selector.matchLabels);
    const pod = s.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(find('ServiceAccount', pod.serviceAccountName)?.metadata?.namespace).toBe(dep?.metadata?.namespace);
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    const port = c.ports.find((p: { name: string }) => p.name === c.readinessProbe.httpGet.port);
    expect(port.containerPort).toBe(3000);
    expect(c.readinessProbe.httpGet.path).toBe('/ping');
    expect(c.livenessProbe.httpGet.path).toBe('/ping');
    expect(c.resources.requests.memory).toBeDefined();
    expect(c.resources.limits.memory).toBeDefined();
    const env = Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env).toMatchObject({ HOST: '0.0.0.0', KUBE_PROBES: '1', REMEDIATE_STALE_PODS: '0' });
    const secretName = c.envFrom[0].secretRef.name;
    const secret = find('Secret', secretName);
    expect(Object.keys((secret as { stringData: object }).stringData).sort()).toEqual(['APP_ID', 'PRIVATE_KEY', 'REDIS_URL', 'WEBHOOK_SECRET']);
    // Every volume mount has a volume.
    for (const m of c.volumeMounts) expect(pod.volumes.map((v: { name: string }) => v.name)).toContain(m.name);
  });

  it('the Service selects the Deployment pods and targets a named container port', () => {
    const svc = spec(find('Service', 'runner-doctor'));
    const tpl = spec(find('Deployment', 'runner-doctor')).template;
    expect(tpl.metadata.labels).toMatchObject(svc.selector);
    expect(tpl.spec.containers[0].ports.map((p: { name: string }) => p.name)).toContain(svc.ports[0].targetPort);
  });

  it('every binding refers to a role and a service account that exist, in the right namespaces', () => {
    const bindings = manifests.filter((d) => d.obj.kind === 'RoleBinding' || d.obj.kind === 'ClusterRoleBinding');
    expect(bindings.length).toBe(3);
    for (const { obj } of bindings) {
      const ref = (obj as { roleRef: { kind: string; name: string; apiGroup: string } }).roleRef;
      expect(ref.apiGroup).toBe('rbac.authorization.k8s.io');
      const role = find(ref.kind, ref.name);
      expect(role, `${obj.metadata?.name} -> ${ref.kind}/${ref.name}`).toBeDefined();
      if (obj.kind === 'RoleBinding') expect(role?.metadata?.namespace).toBe(obj.metadata?.namespace);
      for (const s of (obj as { subjects: { kind: string; name: string; namespace: string }[] }).subjects) {
        expect(find(s.kind, s.name)?.metadata?.namespace).toBe(s.namespace);
      }
    }
  });

  it('kustomization lists every manifest except the optional remediation Role and the Secret template', () => {
    const k = docs.find((d) => d.obj.kind === 'Kustomization')!.obj as { resources: string[]; namespace?: string };
    // A kustomize `namespace:` would move the runner-namespace Role into the app's namespace.
    expect(k.namespace).toBeUndefined();
    const optional = ['kustomization.yaml', 'role-remediate.yaml', 'secret.example.yaml', 'deployment-worker.yaml'];
    expect([...k.resources].sort()).toEqual(files.filter((f) => !optional.includes(f)));
  });
});

describe('several replicas (README, "Several replicas")', () => {
  const app = find('Deployment', 'runner-doctor');
  const pod = spec(app).template.spec;
  const envOf = (c: { env: { name: string; value: string }[] }) => Object.fromEntries(c.env.map((e) => [e.name, e.value]));
  const secret = find('Secret', 'runner-doctor') as unknown as { stringData: Record<string, string> };

  it('runs 2 app replicas that leave running events time to finish on SIGTERM', () => {
    expect(spec(app).replicas).toBe(2);
    // Never fewer than 2 serving during a rollout.
    expect(spec(app).strategy.rollingUpdate.maxUnavailable).toBe(0);
    const grace = Number(envOf(pod.containers[0]).SHUTDOWN_GRACE_SECONDS);
    expect(grace).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(grace);
  });

  it('a PodDisruptionBudget keeps one app replica through voluntary disruptions', () => {
    const pdb = find('PodDisruptionBudget', 'runner-doctor');
    expect(pdb?.apiVersion).toBe('policy/v1');
    expect(spec(app).template.metadata.labels).toMatchObject(spec(pdb).selector.matchLabels);
    expect(spec(pdb).minAvailable).toBeGreaterThanOrEqual(1);
    expect(spec(pdb).minAvailable).toBeLessThan(spec(app).replicas);
  });

  it('the Secret\'s REDIS_URL reaches the bundled Redis Service, which selects the Redis pod with its append-only file on a volume', () => {
    const url = new URL(secret.stringData.REDIS_URL!);
    const svc = find('Service', url.hostname);
    expect(svc, `Service ${url.hostname}`).toBeDefined();
    expect(String(spec(svc).ports[0].port)).toBe(url.port);
    const redis = find('Deployment', 'runner-doctor-redis');
    const redisPod = spec(redis).template;
    expect(redisPod.metadata.labels).toMatchObject(spec(svc).selector);
    const c = redisPod.spec.containers[0];
    expect(c.args.join(' ')).toContain('--appendonly yes');
    expect(c.args.join(' ')).toContain('--maxmemory-policy noeviction');
    expect(c.ports.map((p: { name: string }) => p.name)).toContain(spec(svc).ports[0].targetPort);
    const dataMount = c.volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/data');
    const volume = redisPod.spec.volumes.find((v: { name: string }) => v.name === dataMount.name);
    expect(find('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName)).toBeDefined();
    expect(redisPod.spec.securityContext.runAsNonRoot).toBe(true);
  });

  it('only the app and worker pods may reach Redis', () => {
    const np = spec(find('NetworkPolicy', 'runner-doctor-redis'));
    expect(spec(find('Deployment', 'runner-doctor-redis')).template.metadata.labels).toMatchObject(np.podSelector.matchLabels);
    const allowed = np.ingress[0].from[0].podSelector.matchLabels;
    for (const name of ['runner-doctor', 'runner-doctor-worker']) {
      expect(spec(find('Deployment', name)).template.metadata.labels, name).toMatchObject(allowed);
    }
    expect(np.ingress[0].ports[0].port).toBe(6379);
  });

  it('the optional worker Deployment runs `runner-doctor worker` with the app\'s Secret and grace period', () => {
    const worker = spec(find('Deployment', 'runner-doctor-worker'));
    const c = worker.template.spec.containers[0];
    expect(c.command).toEqual(['node', 'bin/runner-doctor.js', 'worker']);
    expect(c.image).toBe(pod.containers[0].image);
    expect(c.envFrom[0].secretRef.name).toBe(pod.containers[0].envFrom[0].secretRef.name);
    expect(worker.template.metadata.labels).toMatchObject(worker.selector.matchLabels);
    expect(worker.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(Number(envOf(c).SHUTDOWN_GRACE_SECONDS));
    expect(worker.template.spec.securityContext.runAsNonRoot).toBe(true);
  });
});

/**
 * The API calls the probe code makes, read from src/cluster/*.ts: every `api.<verb>[Namespaced]<Kind>(`
 * of the generated client, mapped to the RBAC (group, resource, verb, scope) it needs.
 */
function callsInProbeCode(): { method: string; group: string; resource: string; verb: string; namespaced: boolean }[] {
  const SUBRESOURCES = ['Log', 'Exec', 'Status', 'Eviction', 'Attach', 'Portforward', 'Binding', 'Ephemeralcontainers'];
  const GROUPS: Record<string, string> = { SubjectAccessReview: 'authorization.k8s.io', SelfSubjectAccessReview: 'authorization.k8s.io', Job: 'batch', Lease: 'coordination.k8s.io' };
  const VERBS: Record<string, string> = { read: 'get', list: 'list', create: 'create', delete: 'delete', patch: 'patch', replace: 'update', connect: 'create' };
  const out = new Map<string, { method: string; group: string; resource: string; verb: string; namespaced: boolean }>();
  for (const f of readdirSync('src/cluster').filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join('src/cluster', f), 'utf8');
    for (const m of text.matchAll(/\.(read|list|create|delete|patch|replace|connect)(Namespaced)?([A-Z][A-Za-z]*)\(/g)) {
      const [, op, ns, rest] = m as unknown as [string, string, string | undefined, string];
      let kind = rest.replace(/^Collection/, '');
      const sub = SUBRESOURCES.find((s) => kind.endsWith(s) && kind !== s);
      if (sub) kind = kind.slice(0, -sub.length);
      const plural = kind.toLowerCase().endsWith('s') ? `${kind.toLowerCase()}es` : `${kind.toLowerCase()}s`;
      const resource = sub ? `${plural}/${sub.toLowerCase()}` : plural;
      const verb = rest.startsWith('Collection') ? 'deletecollection' : VERBS[op]!;
      const call = { method: `${op}${ns ?? ''}${rest}`, group: GROUPS[kind] ?? '', resource, verb, namespaced: Boolean(ns) };
      out.set(call.method, call);
    }
  }
  return [...out.values()];
}

const grants = (rules: Rule[], group: string, resource: string, verb: string) =>
  rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
const rulesOf = (kind: string, name: string) => (find(kind, name) as { rules: Rule[] } | undefined)?.rules ?? [];

describe('RBAC covers the probe code (derived from src/cluster)', () => {
  const calls = callsInProbeCode();

  it('finds the calls the probes make', () => {
    expect(calls.map((c) => c.method).sort()).toContain('readNamespacedPod');
    expect(calls.length).toBeGreaterThan(3);
  });

  it('every read is granted by runner-doctor-probes (namespaced) or runner-doctor-access-review (cluster), every delete only by runner-doctor-remediate', () => {
    const probes = rulesOf('Role', 'runner-doctor-probes');
    const review = rulesOf('ClusterRole', 'runner-doctor-access-review');
    const remediate = rulesOf('Role', 'runner-doctor-remediate');
    for (const c of calls) {
      const where = `${c.method} needs ${c.verb} ${c.group || 'core'}/${c.resource}`;
      if (c.verb === 'delete') {
        expect(grants(remediate, c.group, c.resource, c.verb), `${where} in role-remediate.yaml`).toBe(true);
        expect(grants(probes, c.group, c.resource, c.verb), `${where}: not in the read-only Role`).toBe(false);
      } else {
        expect(grants(c.namespaced ? probes : review, c.group, c.resource, c.verb), `${where}: add it to ${c.namespaced ? 'role-probes.yaml' : 'clusterrole-access-review.yaml'}`).toBe(true);
      }
    }
  });

  it('grants nothing the code does not call', () => {
    const used = new Set(calls.map((c) => `${c.group}|${c.resource}|${c.verb}`));
    for (const [kind, name] of [['Role', 'runner-doctor-probes'], ['ClusterRole', 'runner-doctor-access-review'], ['Role', 'runner-doctor-remediate']] as const) {
      for (const r of rulesOf(kind, name)) {
        for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) {
          expect(used.has(`${g}|${res}|${v}`), `${kind} ${name} grants ${v} ${g || 'core'}/${res}, which src/cluster never calls`).toBe(true);
        }
      }
    }
  });
});
