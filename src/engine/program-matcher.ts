/**
 * Runs a stored RE2 program (model/re2-program.ts) on a line: the answer re2js gives with the same
 * program, without compiling the pattern. Compiling the few patterns a small log's lines reach, and
 * re2js's case-fold table that its compiler decodes on first use, were ~6 ms of a 1 MiB log's ~90
 * (issue 13); this search needs neither.
 *
 * The search is RE2's bit-state backtracker: from each start position in turn, a depth-first walk of
 * the program that takes an ALT's `out` before its `arg` (so the first match found is the leftmost-first
 * match RE2 defines: the one a backtracking engine finds first), and visits each (instruction, position)
 * once (so it is linear: at most instructions x (length + 1) steps). re2js runs the same algorithm on
 * short texts, and its other engines give the same answers. Code points are read as re2js reads a
 * string (a surrogate pair is one; a lone surrogate is itself), positions are UTF-16 indexes.
 */
import { PROGRAM_OPS as OP, type Re2Program } from '../model/re2-program.js';

/** Visited bits at most (re2js's own bound for its backtracker): a longer text is left to re2js. */
export const MAX_VISITED_BITS = 256 * 1024;

// RE2's empty-width flags.
const BEGIN_LINE = 1;
const END_LINE = 2;
const BEGIN_TEXT = 4;
const END_TEXT = 8;
const WORD_BOUNDARY = 16;
const NO_WORD_BOUNDARY = 32;

const isWord = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;

/** The empty-width flags that hold at `pos` (RE2's, from the UTF-16 units either side). */
function contextAt(text: string, pos: number): number {
  const before = pos > 0 ? text.charCodeAt(pos - 1) : -1;
  const after = pos < text.length ? text.charCodeAt(pos) : -1;
  let flags = 0;
  if (before < 0) flags |= BEGIN_TEXT | BEGIN_LINE;
  if (before === 10) flags |= BEGIN_LINE;
  if (after < 0) flags |= END_TEXT | END_LINE;
  if (after === 10) flags |= END_LINE;
  flags |= isWord(before) !== isWord(after) ? WORD_BOUNDARY : NO_WORD_BOUNDARY;
  return flags;
}

// The search's scratch space, shared by every matcher (a search runs to its end before another starts, as
// in re2js's pool): memory grows with the longest search, not with the number of patterns.
let visited = new Uint32Array(0);
// Jobs: an instruction and position to visit, or (pc < 0) slot -pc - 1 to set back to `pos`.
let jobPc = new Int32Array(64);
let jobPos = new Int32Array(64);
let jobs = 0;

function push(pc: number, pos: number): void {
  if (jobs === jobPc.length) {
    const pcs = new Int32Array(jobs * 2);
    const poss = new Int32Array(jobs * 2);
    pcs.set(jobPc);
    poss.set(jobPos);
    jobPc = pcs;
    jobPos = poss;
  }
  jobPc[jobs] = pc;
  jobPos[jobs++] = pos;
}

/** A matcher of one program, reused for every text (what match-pattern.ts needs of re2js's Matcher). */
export class ProgramMatcher {
  #text = '';
  #found = false;
  readonly #caps: Int32Array;
  readonly #match: Int32Array;

  constructor(readonly program: Re2Program) {
    this.#caps = new Int32Array(program.ncap);
    this.#match = new Int32Array(program.ncap);
  }

  /** True when a text of `length` UTF-16 units is within this search's memory bound. */
  fits(length: number): boolean {
    return this.program.op.length * (length + 1) <= MAX_VISITED_BITS;
  }

  reset(text: string): this {
    this.#text = text;
    this.#found = false;
    return this;
  }

  /** Finds the leftmost-first match that starts at `from` or after. */
  find(from = 0): boolean {
    const p = this.program;
    const text = this.#text;
    const end = text.length;
    this.#found = false;
    if (p.cond === -1 || from > end) return false;
    const bits = p.op.length * (end + 1);
    const words = (bits + 31) >>> 5;
    if (visited.length < words) visited = new Uint32Array(words);
    else visited.fill(0, 0, words);
    this.#caps.fill(-1);
    if ((p.cond & BEGIN_TEXT) !== 0) {
      // Only at the start of the text, as re2js.
      return from === 0 && this.#try(0);
    }
    for (let pos = from; pos <= end; ) {
      if (this.#try(pos)) return true;
      if (pos === end) break;
      const c = text.charCodeAt(pos);
      pos += c >= 0xd800 && c <= 0xdbff && pos + 1 < end && (text.charCodeAt(pos + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    }
    return false;
  }

  start(): number {
    return this.#found ? this.#match[0]! : -1;
  }

  end(): number {
    return this.#found ? this.#match[1]! : -1;
  }

  /** The text of a named group in the match, or null when it took no part (as re2js's Matcher.group). */
  group(name: string): string | null {
    const g = Object.hasOwn(this.program.groups, name) ? this.program.groups[name]! : -1;
    if (!this.#found || g < 0) throw new Error(`no match, or no group ${name}`);
    const from = this.#match[2 * g]!;
    const to = this.#match[2 * g + 1]!;
    return from < 0 && to < 0 ? null : this.#text.substring(from, to);
  }

  /** The walk from the program's start at `pos0`; true at the first MATCH (then #match holds the slots). */
  #try(pos0: number): boolean {
    const { op, out, arg, runeAt, runes, start } = this.program;
    const text = this.#text;
    const end = text.length;
    const width = end + 1;
    const caps = this.#caps;
    const seen = visited;
    caps[0] = pos0;
    jobs = 0;
    push(start, pos0);
    while (jobs > 0) {
      jobs--;
      let pc = jobPc[jobs]!;
      let pos = jobPos[jobs]!;
      if (pc < 0) {
        caps[-pc - 1] = pos;
        continue;
      }
      for (;;) {
        const bit = pc * width + pos;
        const mask = 1 << (bit & 31);
        if ((seen[bit >>> 5]! & mask) !== 0) break;
        seen[bit >>> 5]! |= mask;
        const o = op[pc]!;
        if (o === OP.RUNE || o === OP.ANY || o === OP.ANY_NOT_NL) {
          if (pos >= end) break;
          let r = text.charCodeAt(pos);
          let w = 1;
          if (r >= 0xd800 && r <= 0xdbff && pos + 1 < end) {
            const low = text.charCodeAt(pos + 1);
            if ((low & 0xfc00) === 0xdc00) {
              r = (r - 0xd800) * 1024 + (low - 0xdc00) + 0x10000;
              w = 2;
            }
          }
          if (o === OP.ANY_NOT_NL && r === 10) break;
          if (o === OP.RUNE) {
            let i = runeAt[pc]!;
            const last = runeAt[pc + 1]!;
            while (i < last && r > runes[i + 1]!) i += 2;
            if (i === last || r < runes[i]!) break;
          }
          pos += w;
          pc = out[pc]!;
        } else if (o === OP.ALT) {
          push(arg[pc]!, pos);
          pc = out[pc]!;
        } else if (o === OP.CAPTURE) {
          const slot = arg[pc]!;
          push(-slot - 1, caps[slot]!);
          caps[slot] = pos;
          pc = out[pc]!;
        } else if (o === OP.EMPTY) {
          if ((arg[pc]! & ~contextAt(text, pos)) !== 0) break;
          pc = out[pc]!;
        } else if (o === OP.NOP) {
          pc = out[pc]!;
        } else if (o === OP.MATCH) {
          caps[1] = pos;
          this.#match.set(caps);
          this.#found = true;
          return true;
        } else break;
      }
    }
    return false;
  }
}
