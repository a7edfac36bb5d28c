/**
 * Bounds what a repository's own signatures (untrusted: anyone who can open a PR may write them)
 * can cost per job. RE2 keeps each scan linear, but a pattern can still scan a long line many
 * times, on many lines: these signatures see only the start of each line, and once their scans
 * have examined `limit` characters in a job they are skipped for the rest of it, with a note.
 */

/** Characters of a line that a repository signature examines. */
export const REPO_LINE_CHARS = 8 * 1024;
/** Characters a job's repository signatures may examine in all (scans counted from where they start). */
export const REPO_JOB_CHARS = 32 * 1024 * 1024;

export class WorkBudget {
  /** Characters examined so far (the matcher adds to it). */
  chars = 0;
  private cutLines = 0;
  private lastCut = 0;
  private stoppedAt: number | null = null;

  constructor(
    private readonly limit = REPO_JOB_CHARS,
    private readonly lineChars = REPO_LINE_CHARS,
  ) {}

  /** The part of `text` (line `line`) a repository signature may examine, or null once the budget is spent. */
  textFor(line: number, text: string): string | null {
    if (this.stoppedAt !== null) return null;
    if (this.chars >= this.limit) {
      this.stoppedAt = line;
      return null;
    }
    if (text.length <= this.lineChars) return text;
    if (line !== this.lastCut) this.cutLines++;
    this.lastCut = line;
    return text.slice(0, this.lineChars);
  }

  notes(): string[] {
    const out: string[] = [];
    if (this.cutLines > 0) {
      out.push(
        `Repository signatures examined only the first ${this.lineChars / 1024} KiB of ${this.cutLines} long ` +
          'line(s) (a bound on their work).',
      );
    }
    if (this.stoppedAt !== null) {
      out.push(
        `Repository signatures stopped at line ${this.stoppedAt}: their scans had examined ` +
          `${Math.round(this.chars / 1024 / 1024)} MiB of text in this job (a bound on their work); ` +
          'the built-in catalog examined the whole log.',
      );
    }
    return out;
  }
}
