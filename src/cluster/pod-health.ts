import type { CoreV1Event, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

/** Warning events worth a line; the most recent few are enough to name the cause. */
const MAX_EVENTS = 5;

function short(text: string | undefined, max = 240): string {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Ends a line with one full stop, not two when the API's message already has one. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

function containerLines(podName: string, statuses: V1ContainerStatus[] | undefined, kind: string): string[] {
  const out: string[] = [];
  for (const c of statuses ?? []) {
    const where = `${kind} \`${c.name}\` of \`${podName}\``;
    const w = c.state?.waiting;
    if (w?.reason) out.push(sentence(`${where} is waiting: ${w.reason}${w.message ? ` — ${short(w.message)}` : ''}`));
    const t = c.state?.terminated;
    if (t && (t.reason !== 'Completed' || t.exitCode !== 0)) {
      const message = t.message ? ` — ${short(t.message)}` : '';
      out.push(sentence(`${where} terminated: ${t.reason ?? 'unknown reason'} (exit code ${t.exitCode})${message}`));
    }
    const last = c.lastState?.terminated;
    if (last && (last.reason === 'OOMKilled' || last.exitCode !== 0)) {
      const exit = `${last.reason ?? 'unknown reason'} (exit code ${last.exitCode})`;
      out.push(`${where} restarted ${c.restartCount} time(s); last exit: ${exit}.`);
    }
  }
  return out;
}

function eventTime(e: CoreV1Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  return t ? new Date(t).getTime() : 0;
}

/**
 * What a pod's status and events say about why it is not running (pure): image pulls, scheduling,
 * OOM kills, evictions. `pod` is null when the pod is gone; its events may still be there.
 */
export function describePodHealth(podName: string, pod: V1Pod | null, events: CoreV1Event[]): string[] {
  const lines: string[] = [];
  if (pod) {
    const st = pod.status;
    const head = `Pod \`${podName}\`: phase ${st?.phase ?? 'Unknown'}${st?.reason ? `, ${st.reason}` : ''}`;
    lines.push(sentence(`${head}${st?.message ? ` — ${short(st.message)}` : ''}`));
    const unscheduled = st?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    if (unscheduled) {
      const message = unscheduled.message ? ` — ${short(unscheduled.message)}` : '';
      lines.push(sentence(`\`${podName}\` is not scheduled: ${unscheduled.reason ?? ''}${message}`));
    }
    lines.push(...containerLines(podName, st?.initContainerStatuses, 'Init container'));
    lines.push(...containerLines(podName, st?.containerStatuses, 'Container'));
  }
  const warnings = events
    .filter((e) => e.type === 'Warning')
    .sort((a, b) => eventTime(b) - eventTime(a))
    .slice(0, MAX_EVENTS);
  for (const e of warnings) {
    const count = e.count && e.count > 1 ? ` (×${e.count})` : '';
    lines.push(`Event on \`${podName}\`: ${e.reason ?? 'Warning'}${count} — ${short(e.message)}`);
  }
  if (pod && lines.length === 1 && !warnings.length) {
    lines.push(`No warning events or failed containers on \`${podName}\`.`);
  }
  return lines;
}
