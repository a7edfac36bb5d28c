import { AuthorizationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planProbes } from './probe-plan.js';
import { probeAccess } from './probe-access.js';
import type { ProbeContext, ProbeLog } from './probe-context.js';
import { probeHookTemplate } from './probe-hook-template.js';
import { probePodHealth } from './probe-pod-health.js';
import { probeStalePod } from './probe-stale-pod.js';
import type { ProbeConfig, ProbeDiagnosis, ProbeReport } from './types.js';

/** Where a pod's own namespace is mounted in-cluster. */
export const IN_CLUSTER_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';
const DEFAULT_NAMESPACE = 'arc-runners';
const DEFAULT_TIMEOUT_MS = 4000;
const NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const v = env[name]?.trim().toLowerCase();
  if (v === undefined || v === '' || v === '0' || v === 'false' || v === 'no') return false;
  if (v === '1' || v === 'true' || v === 'yes') return true;
  throw new Error(`${name}=${env[name]} is not a switch: set ${name}=1 to turn it on or leave it unset`);
}

/**
 * Server settings for the probes, from the environment only (never repo config, because
 * remediation deletes pods). `readNamespaceFile` exists for tests.
 */
export function probeConfigFromEnv(
  env: NodeJS.ProcessEnv,
  readNamespaceFile: () => string | null = () =>
    existsSync(IN_CLUSTER_NAMESPACE_FILE) ? readFileSync(IN_CLUSTER_NAMESPACE_FILE, 'utf8') : null,
): ProbeConfig {
  const enabled = flag(env, 'KUBE_PROBES');
  const remediateStalePods = flag(env, 'REMEDIATE_STALE_PODS');
  let namespaces: string[];
  const raw = env.KUBE_NAMESPACES?.trim();
  if (raw) {
    namespaces = [...new Set(raw.split(',').map((n) => n.trim()).filter(Boolean))];
    const bad = namespaces.find((n) => !NAMESPACE_RE.test(n));
    if (bad !== undefined || !namespaces.length) {
      const which = bad !== undefined ? ` "${bad}"` : '';
      throw new Error(
        `KUBE_NAMESPACES=${env.KUBE_NAMESPACES} has an invalid namespace${which}: ` +
          "set a comma-separated list of the runners' namespaces, e.g. KUBE_NAMESPACES=arc-runners",
      );
    }
  } else {
    const own = enabled ? readNamespaceFile()?.trim() : null;
    namespaces = [own && NAMESPACE_RE.test(own) ? own : DEFAULT_NAMESPACE];
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const t = env.KUBE_PROBE_TIMEOUT_MS?.trim();
  if (t) {
    timeoutMs = Number(t);
    if (!/^\d+$/.test(t) || timeoutMs < 1 || timeoutMs > 60_000) {
      throw new Error(
        `KUBE_PROBE_TIMEOUT_MS=${env.KUBE_PROBE_TIMEOUT_MS} is not a timeout: ` +
          `set whole milliseconds between 1 and 60000 (default ${DEFAULT_TIMEOUT_MS})`,
      );
    }
  }
  return { enabled, namespaces, remediateStalePods, timeoutMs };
}

/** The probe function for a loaded KubeConfig (tests pass one made with `loadFromOptions`). */
export function createProbe(
  kc: KubeConfig,
  config: ProbeConfig,
  log?: ProbeLog,
  now: () => Date = () => new Date(),
): ProbeDiagnosis {
  const ctx: ProbeContext = {
    core: kc.makeApiClient(CoreV1Api),
    auth: kc.makeApiClient(AuthorizationV1Api),
    config,
    log: log ?? { info: () => undefined, warn: () => undefined },
    now,
  };
  return async ({ diagnosis, job }) => {
    const report: ProbeReport = { lines: [] };
    // One probe at a time: a handful of small GETs, and the lines stay in a stable order.
    for (const { kind, finding } of planProbes(diagnosis)) {
      const part =
        kind === 'stale-pod'
          ? await probeStalePod(ctx, finding, job)
          : kind === 'hook-template'
            ? await probeHookTemplate(ctx, job)
            : kind === 'pod-health'
              ? await probePodHealth(ctx, job)
              : await probeAccess(ctx, finding, job);
      report.lines.push(...part.lines);
      if (part.hookTemplate && !report.hookTemplate) report.hookTemplate = part.hookTemplate;
      if (part.snippets?.length) (report.snippets ??= []).push(...part.snippets);
    }
    return report;
  };
}

/** Where a pod's service account token is mounted in-cluster (absent with automountServiceAccountToken: false). */
export const IN_CLUSTER_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const WHAT_TO_SET =
  'set KUBECONFIG to a kubeconfig file, run the app in a pod with a service account (deploy/kubernetes), ' +
  'or unset KUBE_PROBES';

/**
 * Loads the cluster the probes talk to. Chosen here, not by `loadFromDefault`: with nothing
 * configured that falls back to http://localhost:8080, and every probe would fail at run time
 * instead of the start saying what to set.
 */
function loadKubeConfig(env: NodeJS.ProcessEnv, exists: (path: string) => boolean): KubeConfig {
  const home = env.HOME;
  const defaultFile = home ? join(home, '.kube', 'config') : null;
  let load: (kc: KubeConfig) => void;
  if (env.KUBERNETES_SERVICE_HOST) {
    if (!exists(IN_CLUSTER_TOKEN_FILE)) {
      throw new Error(
        `KUBE_PROBES=1 in a pod without a service account token (${IN_CLUSTER_TOKEN_FILE} is missing: ` +
          `automountServiceAccountToken: false?): mount the service account's token, ${WHAT_TO_SET}`,
      );
    }
    load = (kc) => kc.loadFromCluster();
  } else if (env.KUBECONFIG) {
    load = (kc) => kc.loadFromFile(env.KUBECONFIG!.split(':')[0]!);
  } else if (defaultFile && exists(defaultFile)) {
    load = (kc) => kc.loadFromFile(defaultFile);
  } else {
    throw new Error(
      'KUBE_PROBES=1 but there is no cluster to probe: not in a pod (KUBERNETES_SERVICE_HOST is unset), ' +
        `KUBECONFIG is unset and ${defaultFile ?? '~/.kube/config'} does not exist: ${WHAT_TO_SET}`,
    );
  }
  const kc = new KubeConfig();
  try {
    load(kc);
  } catch (err) {
    throw new Error(
      `KUBE_PROBES=1 but the cluster config could not be loaded (${(err as Error).message}): ` +
        'run in a pod with a service account, set KUBECONFIG to a readable file, or unset KUBE_PROBES',
    );
  }
  if (!kc.getCurrentCluster()?.server) {
    throw new Error(`KUBE_PROBES=1 but the kubeconfig names no current cluster (set current-context): ${WHAT_TO_SET}`);
  }
  return kc;
}

/**
 * The probe the app uses, or null when `KUBE_PROBES` is off. In a pod it uses the service account;
 * elsewhere `KUBECONFIG` (or ~/.kube/config). Bad settings, and probes on with no cluster to talk
 * to, throw at start-up naming what to set. `exists` is for tests.
 */
export function createProbeFromEnv(
  env: NodeJS.ProcessEnv,
  log: ProbeLog,
  exists: (path: string) => boolean = existsSync,
): ProbeDiagnosis | null {
  const config = probeConfigFromEnv(env);
  if (!config.enabled) return null;
  const kc = loadKubeConfig(env, exists);
  const server = kc.getCurrentCluster()?.server ?? null;
  const { namespaces, timeoutMs, remediateStalePods } = config;
  log.info({ namespaces, timeoutMs, remediateStalePods, server }, 'cluster probes on');
  return createProbe(kc, config, log);
}
