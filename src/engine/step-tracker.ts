import type { ApiStep } from './types.js';

/** The part of a job a line comes from (catalog `where:`). */
export type Stage = 'set-up' | 'initialize-containers' | 'step' | 'stop-containers' | 'complete-job';

export interface StepLocation {
  step: string | null;
  stepNumber: number | null;
  stepLine: number | null;
  /** Index of the step in StepTracker.steps (null: the line's step is unknown). */
  stepKey: number | null;
}

/** What is known about one step of the job once the log has been read. */
export interface StepRecord {
  name: string;
  number: number | null;
  stage: Stage;
  /** A container hook ran in this step (its `Run '.../index.js'` group was seen). */
  hook: boolean;
  /** 1-based line of the first `##[error]` line in the step, or null. */
  firstError: number | null;
  /** The API's conclusion, when the app has the job's steps. */
  conclusion: string | null;
}

// The k8s/docker hook's own group inside a step (`Run '/home/runner/k8s-novolume/index.js'`).
const HOOK_GROUP = /^##\[group\]Run '[^']*\/(?:k8s[\w-]*|docker[\w-]*|[\w-]*hook[\w-]*)\/index\.js'/;
const RUN_GROUP = '##[group]Run ';
const DOCKER_INIT_GROUP = '##[group]Checking docker version';
const SET_UP_JOB = 'Set up job';
const INIT_CONTAINERS = 'Initialize containers';
const STOP_CONTAINERS = 'Stop containers';
const COMPLETE_JOB = 'Complete job';

/** Plain lines (no group marker) that open a part of the job in a log without the API's steps. */
export const STEP_OPENERS: Record<string, { name: string; stage: Stage }> = {
  // The first line of every job log GitHub serves.
  'Current runner version: ': { name: SET_UP_JOB, stage: 'set-up' },
  'Post job cleanup.': { name: 'Post job cleanup', stage: 'step' },
  'Cleaning up orphan processes': { name: COMPLETE_JOB, stage: 'complete-job' },
  'Stop and remove container: ': { name: STOP_CONTAINERS, stage: 'stop-containers' },
};

const STAGE_OF_NAME: Record<string, Stage> = {
  [SET_UP_JOB]: 'set-up',
  [INIT_CONTAINERS]: 'initialize-containers',
  [STOP_CONTAINERS]: 'stop-containers',
  [COMPLETE_JOB]: 'complete-job',
};

interface TimedStep {
  key: number;
  start: number;
  /** Exclusive end, ms (the API gives whole seconds). */
  end: number;
  failed: boolean;
}

/**
 * Knows which step a line belongs to, and at the end which steps failed. With the API's steps[]
 * it maps line timestamps to step times; without them it follows the `##[group]Run ...` headers
 * that open each step's output, the hook's own group and the runner's closing lines. A line's
 * number within its step counts from the first line seen in that step (the step's header in
 * GitHub's logs), for `#step:N:L` links.
 */
export class StepTracker {
  readonly steps: StepRecord[] = [];
  private readonly timed: TimedStep[];
  private current: { key: number; startLine: number } | null = null;
  private readonly firstLine = new Map<number, number>();
  /** Line of the `##[endgroup]` closing the current step's `Run` header (a hook group right after it is the step's). */
  private headerEnd = -1;
  private headerOpen = false;
  /** Lines with a timestamp were seen: the log is GitHub's own, not a paste. */
  private timestamps = 0;
  private errors = 0;

  constructor(apiSteps?: ApiStep[]) {
    this.timed = (apiSteps ?? [])
      .filter((s) => s.started_at && s.completed_at)
      .map((s) => ({
        step: s,
        start: Date.parse(s.started_at!),
        end: Date.parse(s.completed_at!) + 1000,
      }))
      .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end))
      .sort((a, b) => a.start - b.start || a.step.number - b.step.number)
      .map(({ step, start, end }) => ({
        key: this.add(step.name, step.number, step.conclusion ?? null),
        start,
        end,
        failed: step.conclusion === 'failure',
      }));
    if (this.timed.length > 0 && this.steps[0]!.number === 1) this.firstLine.set(0, 1);
  }

  private add(name: string, number: number | null, conclusion: string | null): number {
    const stage = STAGE_OF_NAME[name] ?? 'step';
    return this.steps.push({ name, number, stage, hook: false, firstError: null, conclusion }) - 1;
  }

  private open(name: string, line: number): void {
    this.current = { key: this.add(name, null, null), startLine: line };
    this.headerOpen = false;
  }

  private get beforeSteps(): boolean {
    return this.current === null || this.steps[this.current.key]!.stage === 'set-up';
  }

  /** A `##[group]` line: may open a new step, or show that a container hook runs in this one. */
  onGroup(line: number, text: string, timestamp: string | null): void {
    if (this.timed.length > 0) {
      this.locate(line, timestamp);
      if (HOOK_GROUP.test(text) && this.current) this.steps[this.current.key]!.hook = true;
      return;
    }
    if (text.startsWith(DOCKER_INIT_GROUP)) {
      // Docker container jobs open "Initialize containers" with the docker version check.
      if (this.beforeSteps) this.open(INIT_CONTAINERS, line);
      return;
    }
    if (!text.startsWith(RUN_GROUP)) return;
    if (HOOK_GROUP.test(text)) {
      // The hook's group opens "Initialize containers" before any step; right after a step's header it runs
      // that step; a second time in a part of the job, it is the hook cleaning up ("Stop containers").
      const cur = this.current && this.steps[this.current.key]!;
      if (!cur || cur.stage === 'set-up') this.open(INIT_CONTAINERS, line);
      else if (this.headerEnd !== line - 1 && cur.hook && cur.stage !== 'stop-containers') {
        this.open(STOP_CONTAINERS, line);
      }
      this.steps[this.current!.key]!.hook = true;
      return;
    }
    this.open(text.slice('##[group]'.length), line);
    this.headerOpen = true;
  }

  /** A `##[endgroup]` line. */
  onEndGroup(line: number): void {
    if (this.headerOpen) this.headerEnd = line;
    this.headerOpen = false;
  }

  /** A runner line that opens a part of the job without a group (see STEP_OPENERS). */
  onOpener(line: number, opener: { name: string; stage: Stage }, timestamp: string | null): void {
    if (this.timed.length > 0 || timestamp === null) return;
    const cur = this.current && this.steps[this.current.key]!;
    if (cur && cur.name === opener.name) return;
    this.open(opener.name, opener.stage === 'set-up' ? 1 : line);
  }

  /** A `##[error]` line in the current step. */
  onError(line: number, where: StepLocation): void {
    this.errors++;
    if (where.stepKey === null) return;
    const step = this.steps[where.stepKey]!;
    step.firstError ??= line;
  }

  /** True when lines are placed by the API's step times: then every line placed may move the current step. */
  get byTimes(): boolean {
    return this.timed.length > 0;
  }

  /** Counts a line that had a timestamp (only candidate lines are seen; enough to tell a paste from a download). */
  sawTimestamp(): void {
    this.timestamps++;
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
          if (!this.firstLine.has(found.key)) this.firstLine.set(found.key, line);
          this.current = { key: found.key, startLine: this.firstLine.get(found.key)! };
        }
      }
    }
    // Before any step header of a log that did not start with the runner's set-up lines (a part of
    // a log, a paste): the step is unknown, so no `where:` rule can exclude the line.
    if (!this.current) return { step: null, stepNumber: null, stepLine: null, stepKey: null };
    const step = this.steps[this.current.key]!;
    return {
      step: step.name,
      stepNumber: step.number,
      stepLine: line - this.current.startLine + 1,
      stepKey: this.current.key,
    };
  }

  /**
   * Whether the job failed, as far as the log (and the API's conclusions) say: `succeeded` for a
   * whole GitHub log with no `##[error]` line at all (or every API step a success), `unknown` for a
   * paste or a part of a log.
   */
  verdict(): 'failed' | 'succeeded' | 'unknown' {
    if (this.timed.length > 0) {
      if (this.steps.some((s) => s.conclusion === 'failure' || s.conclusion === 'cancelled')) return 'failed';
      const done = this.steps.every((s) => s.conclusion === 'success' || s.conclusion === 'skipped');
      return done && this.errors === 0 ? 'succeeded' : this.errors > 0 ? 'failed' : 'unknown';
    }
    if (this.errors > 0) return 'failed';
    // Only a whole GitHub log (timestamps, through "Complete job") shows that nothing failed: a part
    // may lack the error.
    return this.timestamps > 0 && this.steps.some((s) => s.stage === 'complete-job') ? 'succeeded' : 'unknown';
  }

  /**
   * True when the step is known to have succeeded, so none of its lines can be the job's root
   * cause: the API says so, or (from the log alone) the job failed and this step printed no error.
   */
  succeeded(key: number | null): boolean {
    if (key === null) return false;
    const step = this.steps[key]!;
    if (step.conclusion !== null) return step.conclusion === 'success';
    const verdict = this.verdict();
    return verdict === 'succeeded' || (verdict === 'failed' && step.firstError === null);
  }

  /** True when the step failed: the API says so, or it printed an `##[error]` line. */
  failed(key: number | null): boolean {
    if (key === null) return false;
    const step = this.steps[key]!;
    return step.conclusion !== null ? step.conclusion === 'failure' : step.firstError !== null;
  }
}
