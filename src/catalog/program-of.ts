import type { RE2JS } from 're2js';
import { PROGRAM_OPS as OP } from '../model/re2-program.js';
import type { ProgramParts } from '../engine/re2-program.js';

/**
 * The compiled program of `re` as the engine stores it (engine/re2-program.ts), read at build time from
 * re2js's program and instructions (as start-table.ts reads them); null when it holds anything the
 * engine's matcher does not run the same way (case folding, lookbehind, an instruction not known here).
 * A pattern without one is compiled by re2js when first used, as before.
 */
export function programOf(re: RE2JS): ProgramParts | null {
  const r2 = re.re2() as unknown as { prog?: Prog; namedGroups?: Record<string, number> };
  const prog = r2.prog;
  if (!prog || typeof prog.numInst !== 'function' || typeof prog.startCond !== 'function') return null;
  if ((prog.numLb ?? 0) !== 0 || !Number.isInteger(prog.numCap) || !Number.isInteger(prog.start)) return null;
  const n = prog.numInst();
  if (n < 1) return null;
  const ops = opsOf(prog.getInst(0));
  if (!ops) return null;
  const insts: ProgramParts['insts'] = [];
  for (let pc = 0; pc < n; pc++) {
    const inst = prog.getInst(pc);
    const runes = Array.from(inst.runes ?? []);
    const op = opOf(ops, inst.op, runes);
    if (op === null) return null;
    let ranges = op === OP.RUNE ? runes : [];
    if (inst.op === ops.RUNE1) ranges = [runes[0]!, runes[0]!];
    else if (inst.op === ops.RUNE && runes.length === 1) ranges = foldedRanges(inst);
    insts.push({ op, out: inst.out, arg: inst.arg, runes: ranges });
  }
  const groups = { ...(r2.namedGroups ?? {}) };
  return { start: prog.start, cond: prog.startCond(), ncap: Math.max(2, prog.numCap), groups, insts };
}

/** The parts of re2js's program and instructions read here. */
interface Inst {
  op: number;
  out: number;
  arg: number;
  runes?: ArrayLike<number>;
  matchRune(r: number): boolean;
  constructor: Record<string, unknown>;
}
interface Prog {
  start: number;
  numCap: number;
  numLb?: number;
  numInst(): number;
  getInst(pc: number): Inst;
  startCond(): number;
}

const NAMES = [
  'ALT', 'ALT_MATCH', 'CAPTURE', 'EMPTY_WIDTH', 'FAIL', 'MATCH', 'NOP', 'RUNE', 'RUNE1', 'RUNE_ANY', 'RUNE_ANY_NOT_NL',
] as const;
type Ops = Record<(typeof NAMES)[number], number>;

/** Opcodes, read from re2js's own Inst class: a renumbering cannot turn one into another. */
function opsOf(inst: Inst): Ops | null {
  const ops: Partial<Ops> = {};
  for (const name of NAMES) {
    const v = inst.constructor[name];
    if (typeof v !== 'number') return null;
    ops[name] = v;
  }
  return ops as Ops;
}

const MAX_RUNE = 0x10ffff;
const folded = new Map<string, number[]>();

/**
 * The code points a case-folded RUNE matches (`[cC]`, `(?i)c`: re2js's compiler keeps one rune in a RUNE
 * only with its fold flag), as ranges: asked of re2js's own matchRune for every code point, so the set is
 * exactly re2js's (`(?i)k` takes U+212A KELVIN SIGN, `(?i)s` U+017F LONG S). Once per rune and flags.
 */
function foldedRanges(inst: Inst): number[] {
  const key = `${inst.runes![0]!} ${inst.arg}`;
  let ranges = folded.get(key);
  if (!ranges) {
    ranges = [];
    for (let r = 0; r <= MAX_RUNE; r++) {
      if (!inst.matchRune(r)) continue;
      if (ranges.length > 0 && ranges[ranges.length - 1] === r - 1) ranges[ranges.length - 1] = r;
      else ranges.push(r, r);
    }
    folded.set(key, ranges);
  }
  return ranges;
}

/** The engine's operation for re2js's `op` (ALT_MATCH and lookbehinds are left to re2js). */
function opOf(ops: Ops, op: number, runes: number[]): number | null {
  switch (op) {
    case ops.ALT:
      return OP.ALT;
    case ops.CAPTURE:
      return OP.CAPTURE;
    case ops.EMPTY_WIDTH:
      return OP.EMPTY;
    case ops.FAIL:
      return OP.FAIL;
    case ops.MATCH:
      return OP.MATCH;
    case ops.NOP:
      return OP.NOP;
    case ops.RUNE1:
      // One code point (given once, or as the range [r, r]).
      return runes.length === 1 || (runes.length === 2 && runes[0] === runes[1]) ? OP.RUNE : null;
    case ops.RUNE:
      return runes.length === 1 || (runes.length >= 2 && runes.length % 2 === 0) ? OP.RUNE : null;
    case ops.RUNE_ANY:
      return OP.ANY;
    case ops.RUNE_ANY_NOT_NL:
      return OP.ANY_NOT_NL;
    default:
      return null;
  }
}
