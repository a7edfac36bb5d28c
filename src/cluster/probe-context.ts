import type { AuthorizationV1Api, CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { readPod } from './k8s-api.js';
import type { ProbeConfig } from './types.js';

export interface ProbeLog {
  info: (obj: object, msg?: string) => void;
  warn: (obj: object, msg?: string) => void;
}

/** What every probe needs: the API clients, the server settings, a logger and a clock. */
export interface ProbeContext {
  core: CoreV1Api;
  auth: AuthorizationV1Api;
  config: ProbeConfig;
  log: ProbeLog;
  now: () => Date;
}

export type Located =
  | { found: true; namespace: string; pod: V1Pod; lines: string[] }
  | { found: false; lines: string[] };

/**
 * Finds a pod by name in the server's runner namespaces (`first` of them first: where a sibling pod
 * was found). Only the server's namespaces are searched: text from a log never picks where to look.
 * A 404 moves on to the next namespace; any other failure is one line, and the search goes on.
 */
export async function locatePod(ctx: ProbeContext, name: string, first?: string): Promise<Located> {
  const own = ctx.config.namespaces;
  const namespaces = first && own.includes(first) ? [first, ...own.filter((n) => n !== first)] : own;
  const lines: string[] = [];
  const missing: string[] = [];
  for (const ns of namespaces) {
    const got = await readPod(ctx.core, ns, name, ctx.config.timeoutMs);
    if (got.ok) return { found: true, namespace: ns, pod: got.value, lines };
    if (got.code === 404) missing.push(ns);
    else lines.push(`could not read pod ${name} in ns ${ns}: ${got.reason}`);
  }
  if (missing.length) lines.push(`Pod \`${name}\` does not exist in ${missing.map((n) => `\`${n}\``).join(', ')}.`);
  return { found: false, lines };
}

/** A capture's first value (captures repeat as arrays when a pattern matched several times). */
export function firstCapture(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** RFC 1123 subdomain: what a pod name may be (and what ARC runner names are). */
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * A name from a log, fit to show in a comment line: captures are compared with what the probes
 * looked at and shown, never used as targets; anything that is not a Kubernetes name is dropped.
 */
export function loggedName(v: string | string[] | undefined): string | undefined {
  const name = firstCapture(v);
  return name !== undefined && K8S_NAME.test(name) ? name : undefined;
}

/** Whether a runner name (from the API) can name pods at all: GitHub-hosted runners' names cannot. */
export function isPodName(name: string): boolean {
  return name.length <= 253 && K8S_NAME.test(name);
}
