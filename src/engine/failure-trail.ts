import type { Evidence, Finding } from './types.js';
import type { StepLocation } from './step-tracker.js';

/** The id of the catch-all finding (not a catalog entry: it is what the job says when no entry matches). */
export const UNCLASSIFIED_ID = 'unclassified/step-failed';

interface TrailLine extends StepLocation {
  line: number;
  text: string;
}

/** Distinct error lines kept per job, and lines kept before each exit code. */
const MAX_ERRORS = 20;
const MAX_EXITS = 10;
const LAST_LINES = 5;

/**
 * What a failed job says about itself, collected during the scan: every distinct `##[error]`
 * line (the first of each kind) and the last lines before each `Process completed with exit code
 * N`. When no signature names a cause, this becomes the catch-all finding: "unclassified failure
 * in step S", with the lines to read.
 */
export class FailureTrail {
  private readonly errors: TrailLine[] = [];
  private readonly kinds = new Set<string>();
  private readonly exits: { exit: TrailLine; exitCode: string; before: TrailLine[] }[] = [];

  /** An `##[error]` line (or a pasted `Error: ` line standing for one). */
  onError(line: number, text: string, where: StepLocation): void {
    // Numbers, ids and paths vary between repeats of one error; its words make its kind.
    const kind = text.replace(/[0-9a-f]{6,}|\d+/g, '#').slice(0, 120);
    if (this.kinds.has(kind) || this.errors.length >= MAX_ERRORS) return;
    this.kinds.add(kind);
    this.errors.push({ line, text, ...where });
  }

  /** A `Process completed with exit code N` line, with the lines just before it (normalised). */
  onExitCode(line: number, text: string, where: StepLocation, before: { line: number; text: string }[]): void {
    const code = /exit code (\d+)/.exec(text)?.[1];
    if (code === undefined || this.exits.length >= MAX_EXITS) return;
    const lines = before
      .filter((b) => b.text.trim() !== '' && !b.text.startsWith('##[') && line - b.line <= LAST_LINES)
      .map((b) => ({
        line: b.line,
        text: b.text,
        step: where.step,
        stepNumber: where.stepNumber,
        stepLine: where.stepLine === null ? null : where.stepLine - (line - b.line),
        stepKey: where.stepKey,
      }));
    this.exits.push({ exit: { line, text, ...where }, exitCode: code, before: lines });
  }

  /**
   * The catch-all finding for a job no signature explains, or null when the log shows no failure
   * at all. `failed` says which steps failed (the API or the log's own error lines).
   */
  finding(source: string, failed: (stepKey: number | null) => boolean): Finding | null {
    const exit = this.exits.find((e) => failed(e.exit.stepKey)) ?? this.exits[0];
    const stepKey = exit ? exit.exit.stepKey : (this.errors.find((e) => failed(e.stepKey)) ?? this.errors[0])?.stepKey;
    if (stepKey === undefined) return null;
    const inStep = (l: TrailLine) => l.stepKey === stepKey;
    const firstError = this.errors.find(inStep) ?? exit?.exit;
    if (!firstError) return null;
    const step = firstError.step;
    // The step's first error first (the line to link to), then the other distinct errors of the job, then
    // the last lines the failing command printed.
    const lines = [firstError, ...this.errors.filter((e) => e !== firstError).slice(0, 4), ...(exit?.before ?? [])];
    const seen = new Set<number>();
    const evidence: Evidence[] = [];
    for (const l of lines) {
      if (seen.has(l.line)) continue;
      seen.add(l.line);
      evidence.push({
        source, line: l.line, step: l.step, stepNumber: l.stepNumber, stepLine: l.stepLine, text: l.text,
        matchedBy: UNCLASSIFIED_ID,
      });
    }
    const where = step ? `step "${step}"` : 'this job';
    const exitCode = exit?.exitCode;
    const shown = exit
      ? `the last lines before \`Process completed with exit code ${exitCode}\``
      : 'the other errors of the job';
    return {
      id: UNCLASSIFIED_ID,
      title: `Unclassified failure in ${where}`,
      role: 'symptom',
      category: 'unclassified',
      priority: 0,
      confidence: 'low',
      inferred: false,
      evidence,
      matchCount: this.errors.length,
      captures: { ...(step ? { step } : {}), ...(exitCode ? { exitCode } : {}) },
      explanation:
        `No signature in the catalog recognises this failure. The first error of ${where} ` +
        `(line ${firstError.line}) and ${shown} ` +
        'are shown: the failing command printed its reason there. If it is a runner or hook failure that should ' +
        'be recognised, add a signature (`--catalog FILE`, or `signatures:` in the repository config).',
      fix: null,
      references: [],
      folded: [],
      probe: null,
    };
  }
}
