import { ELISION, RECENT_BYTES, RECENT_LINES, type CandidateLine, type LineSource } from '../../src/engine/line-scanner.js';
import type { ScanMode } from '../../src/engine/diagnose.js';
import type { ScanPlan } from '../../src/engine/scan-plan.js';
import type { CompiledPattern } from '../../src/model/catalog.js';

/**
 * The plain reference the fast scanner is compared with: the whole log split at every newline, every
 * line handed on, its literals found by a search for each literal in turn, and every catalog pattern
 * run on every line (a pattern that matches a line holding none of its literals is an error: the
 * prefilter would have lost that match). Slow on purpose; tests only.
 */
export const REFERENCE_SCAN: ScanMode = {
  source: (plan, onLine, maxLineBytes) => new ReferenceLines(plan, onLine, maxLineBytes ?? 64 * 1024),
  literalsIn: (plan, text) => literalIds(plan, Buffer.from(text, 'utf8')),
  checkLine: (plan, line, text, literals) => {
    const held = new Set(literals.map((id) => plan.literals.literals[id]));
    for (const pattern of prepared(plan).patterns) {
      if (pattern.literals.some((l) => held.has(l))) continue;
      if (pattern.re.test(text)) {
        throw new Error(`line ${line}: /${pattern.source}/ matches but the line holds none of its literals`);
      }
    }
  },
};

/**
 * Per plan: every pattern once (a pattern is listed under each of its literals, and a test of the same pattern
 * on the same line gives the same answer), and each literal's UTF-8 bytes as a latin1 string (one character per
 * byte), so a line's literals are found byte for byte by `String#includes`, without a call into C++ per literal.
 */
const preparedPlans = new WeakMap<ScanPlan, { patterns: CompiledPattern[]; literals: string[] }>();
function prepared(plan: ScanPlan): { patterns: CompiledPattern[]; literals: string[] } {
  let p = preparedPlans.get(plan);
  if (!p) {
    p = {
      patterns: [...new Set(plan.patternsByLiteral.flatMap((list) => list.map((planned) => planned.pattern)))],
      literals: plan.literals.literals.map((lit) => Buffer.from(lit, 'utf8').toString('latin1')),
    };
    preparedPlans.set(plan, p);
  }
  return p;
}

function literalIds(plan: ScanPlan, bytes: Uint8Array): number[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const ids: number[] = [];
  prepared(plan).literals.forEach((lit, id) => {
    if (text.includes(lit)) ids.push(id);
  });
  return ids;
}

class ReferenceLines implements LineSource {
  private readonly parts: Uint8Array[] = [];
  private all: Uint8Array[] = [];
  private current = 0;
  bytes = 0;
  lines = 0;

  constructor(
    private readonly plan: ScanPlan,
    private readonly onLine: (c: CandidateLine) => void,
    private readonly maxLineBytes: number,
  ) {}

  push(chunk: Uint8Array): void {
    this.parts.push(Uint8Array.from(chunk));
    this.bytes += chunk.length;
  }

  end(): void {
    const log = Buffer.concat(this.parts);
    const lines: Uint8Array[] = [];
    let start = 0;
    for (let nl = log.indexOf(10); nl !== -1; nl = log.indexOf(10, start)) {
      lines.push(log.subarray(start, nl));
      start = nl + 1;
    }
    if (start < log.length) lines.push(log.subarray(start));
    this.all = lines;
    this.lines = lines.length;
    const head = Math.floor(this.maxLineBytes / 2);
    const tail = Math.max(this.maxLineBytes - head, this.plan.literals.maxLength - 1);
    lines.forEach((whole, i) => {
      this.current = i;
      const truncated = whole.length > head + tail;
      const bytes = truncated
        ? Buffer.concat([whole.subarray(0, head), ELISION, whole.subarray(whole.length - tail)])
        : whole;
      const escaped = whole.includes(0x1b);
      // Like the fast scanner: literals and colour codes of the whole line, however long.
      this.onLine({ line: i + 1, bytes, truncated, literals: literalIds(this.plan, whole), escaped });
    });
  }

  previousLines(): { line: number; bytes: Uint8Array }[] {
    const from = Math.max(0, this.current - RECENT_LINES);
    return this.all.slice(from, this.current).map((b, k) => ({ line: from + k + 1, bytes: b.subarray(0, RECENT_BYTES) }));
  }
}
