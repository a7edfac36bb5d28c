import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describePodState, formatAge } from '../../src/cluster/pod-state.js';
import { RUNNER, workflowPod } from './fake-cluster.js';

const now = new Date('2026-11-28T16:00:00Z');
const startedAt = '2026-11-28T15:59:00Z';
const pod = (over: Parameters<typeof workflowPod>[0] = {}) => workflowPod(over) as unknown as V1Pod;

describe('describePodState', () => {
  it('a Failed pod from an earlier run that was never deleted is stale', () => {
    expect(describePodState(pod(), { now, startedAt })).toEqual({
      stale: true,
      lines: [
        `Pod \`${RUNNER}-workflow\` in \`arc-runners\` is still there: phase Failed, created 2 h ago, on node node-b, no owner.`,
        `Label \`runner-pod=${RUNNER}\`: the hook's clean-up finds it by that label.`,
        "It is Failed and was never deleted: the earlier job's clean-up did not run (runner pod killed or restarted?).",
      ],
    });
  });

  it('a terminating pod held by a finalizer is not stale (deleting again changes nothing) and names the finalizer', () => {
    const s = describePodState(pod({ deletionTimestamp: '2026-11-28T15:20:00Z', finalizers: ['example.com/audit'] }), { now, startedAt });
    expect(s.stale).toBe(false);
    expect(s.lines[2]).toBe('It is being deleted for 40 min, held by finalizers `example.com/audit`: whatever set them must finish (or remove them) before the name is free.');
  });

  it('terminating without finalizers points at the node', () => {
    const s = describePodState(pod({ deletionTimestamp: '2026-11-28T15:58:30Z' }), { now, startedAt });
    expect(s.lines[2]).toBe('It is being deleted for 1 min with no finalizers: the kubelet has not confirmed the containers stopped (is node `node-b` still Ready?).');
  });

  it('a Running pod is never stale, and a pod without the runner-pod label is called out', () => {
    const p = pod({ phase: 'Running' });
    p.metadata!.labels = {};
    const s = describePodState(p, { now, startedAt });
    expect(s.stale).toBe(false);
    expect(s.lines.slice(1)).toEqual([
      "It has no `runner-pod` label, so the hook's clean-up (which deletes pods by that label) never finds it.",
      'It is Running and not being deleted: an earlier job on this runner may still be using it.',
    ]);
  });

  it('a pod created after the job started is not stale', () => {
    const s = describePodState(pod({ created: '2026-11-28T15:59:30Z' }), { now, startedAt });
    expect(s.stale).toBe(false);
    expect(s.lines.at(-1)).toBe('It was created after this job started, so it may belong to a newer attempt.');
  });

  it('without a start time nothing is called stale', () => {
    expect(describePodState(pod(), { now, startedAt: null }).stale).toBe(false);
  });
});

describe('formatAge', () => {
  it.each([
    [45_000, '45 s'],
    [12 * 60_000, '12 min'],
    [(3 * 60 + 5) * 60_000, '3 h 5 min'],
    [2 * 3600_000, '2 h'],
    [(2 * 24 + 4) * 3600_000, '2 d 4 h'],
    [-5, '0 s'],
  ])('%i ms -> %s', (ms, text) => expect(formatAge(ms)).toBe(text));
});
