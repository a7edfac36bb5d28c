import type { ApiStep } from './types.js';

export interface StepLocation {
  step: string | null;
  stepNumber: number | null;
  stepLine: number | null;
}

// The k8s/docker hook's own group inside a step (`Run '/home/runner/k8s-novolume/index.js'`).
const HOOK_GROUP = /^##\[group\]Run '[^']*\/(?:k8s[\w-]*|docker[\w-]*|[\w-]*hook[\w-]*)\/index\.js'/;
const RUN_GROUP = '##[group]Run ';
const DOCKER_INIT_GROUP = '##[group]Checking docker version';
const SET_UP_JOB = 'Set up job';
const INIT_CONTAINERS = 'Initialize containers';

interface TimedStep {
  name: string;
  number: number;
  start: number;
  /** Exclusive end, ms (the API gives whole seconds). */
  end: number;
  failed: boolean;
}

/**
 * Knows which step a line belongs to. With the API's steps[] it maps line timestamps to step
 * times; without them it follows the `##[group]Run ...` headers that open each step's output.
 * A line's number within its step counts from the first line seen in that step (the step's
 * header in GitHub's logs), for `#step:N:L` links.
 */
export class StepTracker {
  private readonly timed: TimedStep[];
  private current: { name: string; number: number | null; startLine: number } | null = null;
  private readonly firstLine = new Map<number, number>();

  constructor(apiSteps?: ApiStep[]) {
    this.timed = (apiSteps ?? [])
      .filter((s) => s.started_at && s.completed_at)
      .map((s) => ({
        name: s.name,
        number: s.number,
        start: Date.parse(s.started_at!),
        end: Date.parse(s.completed_at!) + 1000,
        failed: s.conclusion === 'failure',
      }))
      .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end))
      .sort((a, b) => a.start - b.start || a.number - b.number);
    if (this.timed.length > 0 && this.timed[0]!.number === 1) this.firstLine.set(1, 1);
  }

  /** A `##[group]` line: may open a new step. */
  onGroup(line: number, text: string, timestamp: string | null): void {
    if (this.timed.length > 0) {
      this.locate(line, timestamp);
      return;
    }
    const beforeSteps = this.current === null || this.current.name === SET_UP_JOB;
    if (text.startsWith(DOCKER_INIT_GROUP)) {
      // Docker container jobs open "Initialize containers" with the docker version check.
      if (beforeSteps) this.current = { name: INIT_CONTAINERS, number: null, startLine: line };
      return;
    }
    if (!text.startsWith(RUN_GROUP)) return;
    if (HOOK_GROUP.test(text)) {
      // The hook's group opens "Initialize containers" when no step has started yet; later it runs inside a step.
      if (beforeSteps) this.current = { name: INIT_CONTAINERS, number: null, startLine: line };
      return;
    }
    this.current = { name: text.slice('##[group]'.length), number: null, startLine: line };
  }

  locate(line: number, timestamp: string | null): StepLocation {
    if (this.timed.length > 0) {
      const t = timestamp ? Date.parse(timestamp) : NaN;
      if (Number.isFinite(t)) {
        let found: TimedStep | null = null;
        // Step times are whole seconds, so in the second where one step ends and the next starts a
        // line fits both: the failed step wins (error lines close it), else the later one.
        for (const s of this.timed) {
          if (s.start <= t && t < s.end && !(found?.failed && !s.failed)) found = s;
        }
        if (found) {
          if (!this.firstLine.has(found.number)) this.firstLine.set(found.number, line);
          this.current = { name: found.name, number: found.number, startLine: this.firstLine.get(found.number)! };
        }
      }
    }
    if (!this.current) {
      // A timestamped line before any step header is the runner's "Set up job" output, from line 1.
      if (timestamp === null || this.timed.length > 0) return { step: null, stepNumber: null, stepLine: null };
      this.current = { name: SET_UP_JOB, number: null, startLine: 1 };
    }
    return {
      step: this.current.name,
      stepNumber: this.current.number,
      stepLine: line - this.current.startLine + 1,
    };
  }
}
