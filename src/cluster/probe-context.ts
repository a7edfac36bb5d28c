import type { AuthorizationV1Api, CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { readPod } from './read-pod.js';
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

export type Located = { found: true; namespace: string; pod: V1Pod; lines: string[] } | { found: false; lines: string[] };

/**
 * Finds a pod by name in the runner namespaces (a namespace named by the log first). A 404 moves on
 * to the next namespace; any other failure is one line, and the search goes on.
 */
export async function locatePod(ctx: ProbeContext, name: string, preferred?: string): Promise<Located> {
  const namespaces = [...new Set([...(preferred ? [preferred] : []), ...ctx.config.namespaces])];
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
