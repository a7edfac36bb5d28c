import type { V1Pod } from '@kubernetes/client-node';

export interface PodState {
  /** Comment lines: what the pod is and why it may be stuck. */
  lines: string[];
  /** Older than the job and not Running, and not already being deleted: safe to delete. */
  stale: boolean;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

function time(v: Date | string | undefined): number | null {
  if (v === undefined) return null;
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/**
 * Why a leftover `<runner>-workflow` pod is still there, from the pod alone (pure). The hook deletes
 * the pods labelled `runner-pod=<runner pod>` without waiting, so a pod survives when it is held by
 * finalizers, when its node is gone, or when it lost that label.
 */
export function describePodState(pod: V1Pod, opts: { now: Date; startedAt?: string | null }): PodState {
  const name = pod.metadata?.name ?? '(unnamed)';
  const ns = pod.metadata?.namespace ?? '?';
  const phase = pod.status?.phase ?? 'Unknown';
  const created = time(pod.metadata?.creationTimestamp);
  const deleting = time(pod.metadata?.deletionTimestamp);
  const finalizers = pod.metadata?.finalizers ?? [];
  const owners = (pod.metadata?.ownerReferences ?? []).map((o) => `${o.kind}/${o.name}`);
  const labels = pod.metadata?.labels ?? {};
  const now = opts.now.getTime();

  const facts = [`phase ${phase}`];
  if (created !== null) facts.push(`created ${formatAge(now - created)} ago`);
  if (pod.spec?.nodeName) facts.push(`on node ${pod.spec.nodeName}`);
  facts.push(owners.length ? `owned by ${owners.join(', ')}` : 'no owner');
  const lines = [`Pod \`${name}\` in \`${ns}\` is still there: ${facts.join(', ')}.`];

  const runnerLabel = labels['runner-pod'];
  lines.push(
    runnerLabel
      ? `Label \`runner-pod=${runnerLabel}\`: the hook's clean-up finds it by that label.`
      : 'It has no `runner-pod` label, so the hook\'s clean-up (which deletes pods by that label) never finds it.',
  );

  if (deleting !== null) {
    const since = `being deleted for ${formatAge(now - deleting)}`;
    lines.push(
      finalizers.length
        ? `It is ${since}, held by finalizers ${finalizers.map((f) => `\`${f}\``).join(', ')}: ` +
            'whatever set them must finish (or remove them) before the name is free.'
        : `It is ${since} with no finalizers: the kubelet has not confirmed the containers stopped` +
            `${pod.spec?.nodeName ? ` (is node \`${pod.spec.nodeName}\` still Ready?)` : ''}.`,
    );
  } else if (phase === 'Running' || phase === 'Pending') {
    lines.push(`It is ${phase} and not being deleted: an earlier job on this runner may still be using it.`);
  } else {
    lines.push(
      `It is ${phase} and was never deleted: the earlier job's clean-up did not run (runner pod killed or restarted?).`,
    );
  }

  const started = time(opts.startedAt ?? undefined);
  const olderThanJob = created !== null && started !== null && created < started;
  if (started !== null && created !== null && !olderThanJob) {
    lines.push('It was created after this job started, so it may belong to a newer attempt.');
  }
  return {
    lines,
    stale: olderThanJob && phase !== 'Running' && deleting === null,
  };
}
