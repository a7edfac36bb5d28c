import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describePodHealth } from '../../src/cluster/pod-health.js';
import { event } from './fake-cluster.js';

const W = 'r-workflow';

describe('describePodHealth', () => {
  it('names ImagePullBackOff with its message and the newest warning events first', () => {
    const pod = {
      metadata: { name: W },
      status: {
        phase: 'Pending',
        containerStatuses: [{ name: 'job', ready: false, restartCount: 0, image: 'nixery.dev/shell/nodejs', imageID: '', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nixery.dev/shell/nodejs"' } } }],
      },
    } as unknown as V1Pod;
    const events = [
      event(W, 'Failed', 'Failed to pull image "nixery.dev/shell/nodejs": 502 Bad Gateway', '2026-11-28T15:01:00Z', 3),
      { ...event(W, 'Pulling', 'Pulling image', '2026-11-28T15:02:00Z'), type: 'Normal' },
      event(W, 'BackOff', 'Back-off pulling image "nixery.dev/shell/nodejs"', '2026-11-28T15:03:00Z', 7),
    ] as unknown as CoreV1Event[];
    expect(describePodHealth(W, pod, events)).toEqual([
      'Pod `r-workflow`: phase Pending.',
      'Container `job` of `r-workflow` is waiting: ImagePullBackOff — Back-off pulling image "nixery.dev/shell/nodejs".',
      'Event on `r-workflow`: BackOff (×7) — Back-off pulling image "nixery.dev/shell/nodejs"',
      'Event on `r-workflow`: Failed (×3) — Failed to pull image "nixery.dev/shell/nodejs": 502 Bad Gateway',
    ]);
  });

  it('names OOMKilled (current and last state) and eviction', () => {
    const pod = {
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 2Gi.',
        containerStatuses: [
          { name: 'runner', ready: false, restartCount: 2, image: 'i', imageID: '', state: { terminated: { reason: 'OOMKilled', exitCode: 137 } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } },
        ],
      },
    } as unknown as V1Pod;
    expect(describePodHealth('r', pod, [])).toEqual([
      'Pod `r`: phase Failed, Evicted — The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 2Gi.',
      'Container `runner` of `r` terminated: OOMKilled (exit code 137).',
      'Container `runner` of `r` restarted 2 time(s); last exit: OOMKilled (exit code 137).',
    ]);
  });

  it('names FailedScheduling for a pending pod', () => {
    const pod = { status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' }] } } as unknown as V1Pod;
    const events = [event(W, 'FailedScheduling', '0/3 nodes are available: 3 Insufficient memory.', '2026-11-28T15:00:00Z')] as unknown as CoreV1Event[];
    expect(describePodHealth(W, pod, events)).toEqual([
      'Pod `r-workflow`: phase Pending.',
      '`r-workflow` is not scheduled: Unschedulable — 0/3 nodes are available: 3 Insufficient memory.',
      'Event on `r-workflow`: FailedScheduling — 0/3 nodes are available: 3 Insufficient memory.',
    ]);
  });

  it('a deleted pod still reports its events; a healthy one says so', () => {
    const events = [event(W, 'Evicted', 'Pod ephemeral local storage usage exceeds the total limit of containers 4Gi.', '2026-11-28T15:00:00Z')] as unknown as CoreV1Event[];
    expect(describePodHealth(W, null, events)).toEqual(['Event on `r-workflow`: Evicted — Pod ephemeral local storage usage exceeds the total limit of containers 4Gi.']);
    expect(describePodHealth('r', { status: { phase: 'Running' } }, [])).toEqual(['Pod `r`: phase Running.', 'No warning events or failed containers on `r`.']);
  });
});
