/**
 * An RE2 program as the build stored it (src/engine/re2-program.ts reads and writes it, the engine's
 * program-matcher.ts runs it): re2js's compiled instructions, in arrays, so that a built-in pattern
 * that meets a line is matched without parsing and compiling it (issue 13). Types only.
 */
export interface Re2Program {
  /** The instruction a match starts from. */
  start: number;
  /** Empty-width conditions every match starts with (re2js's startCond: -1, it never matches). */
  cond: number;
  /** Capture slots: two per group, the whole match first. */
  ncap: number;
  /** Named group -> its index (slots 2i and 2i + 1). */
  groups: Record<string, number>;
  /** Per instruction (PROGRAM_OPS): its operation, next instruction and argument. */
  op: Uint8Array;
  out: Int32Array;
  arg: Int32Array;
  /** Per instruction, where its rune ranges start in `runes`; runeAt[i + 1] where they end. */
  runeAt: Int32Array;
  /** Inclusive ranges of code points, lo and hi in turn, ascending. */
  runes: Int32Array;
}

/** The operations of a stored program (its own numbering, not re2js's). */
export const PROGRAM_OPS = {
  FAIL: 0,
  MATCH: 1,
  /** Try `out`, then `arg`. */
  ALT: 2,
  /** Slot `arg` takes the position. */
  CAPTURE: 3,
  /** The empty-width conditions `arg` (RE2's flags) hold here. */
  EMPTY: 4,
  NOP: 5,
  /** One code point within the instruction's ranges. */
  RUNE: 6,
  /** Any code point. */
  ANY: 7,
  /** Any code point but `\n`. */
  ANY_NOT_NL: 8,
} as const;
