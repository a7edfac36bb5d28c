import type { RE2JS } from 're2js';
import { START_BASE, START_DEAD, START_OPEN, type StartTable } from '../model/catalog.js';

/**
 * A small DFA over the first ASCII characters of a line, built from the RE2 program of a pattern
 * anchored at the start of the text (`^...`): it rejects a line whose start no match can begin
 * with, without running RE2. A line that holds a pattern's literal mostly cannot match such a
 * pattern (`^\s*\d+:\d+\s+error\s+` on `utils_test.go:12: request error: ...`), and RE2's own
 * test() scans the whole line even when its program is anchored.
 *
 * Sound by construction: it follows every thread of the program (every empty-width assertion
 * taken as true, so it keeps more threads than RE2 does, never fewer) and says "dead" only when
 * none is left; a state from which a match is reachable, a character outside ASCII, or a state past
 * the cap all stop the check (START_OPEN) and RE2 decides. Built at build time for the built-in
 * catalog; a repository's pattern gets one when compiled, within the caps below.
 */

/** States at most: the built-in patterns need up to 30; past it a line's start is left to RE2. */
export const MAX_START_STATES = 48;
/**
 * Instructions at most of a program to build one for (the built-in ones have up to 281): building
 * costs up to states x classes x instructions, a few ms at this cap for a repository's pattern.
 */
export const MAX_START_INSTS = 500;

/** RE2's empty-width flag for the start of the text (EmptyBeginText, the same in every RE2). */
const EMPTY_BEGIN_TEXT = 4;
const ASCII = 128;

/** The parts of re2js's program and instructions read here. */
interface Inst {
  op: number;
  out: number;
  arg: number;
  matchRune(r: number): boolean;
  constructor: Record<string, unknown>;
}
interface Prog {
  start: number;
  numInst(): number;
  getInst(pc: number): Inst;
  startCond(): number;
}

/** Opcodes, read from re2js's own Inst class (as compile-pattern.ts reads its prefilter's types). */
interface Ops {
  ALT: number;
  ALT_MATCH: number;
  CAPTURE: number;
  EMPTY_WIDTH: number;
  FAIL: number;
  MATCH: number;
  NOP: number;
  RUNE: number;
  RUNE1: number;
  RUNE_ANY: number;
  RUNE_ANY_NOT_NL: number;
}
const OP_NAMES = ['ALT', 'ALT_MATCH', 'CAPTURE', 'EMPTY_WIDTH', 'FAIL', 'MATCH', 'NOP'] as const;
const RUNE_OPS = ['RUNE', 'RUNE1', 'RUNE_ANY', 'RUNE_ANY_NOT_NL'] as const;

function opsOf(inst: Inst): Ops | null {
  const ops: Record<string, number> = {};
  for (const name of [...OP_NAMES, ...RUNE_OPS]) {
    const v = inst.constructor[name];
    if (typeof v !== 'number') return null;
    ops[name] = v;
  }
  return ops as unknown as Ops;
}

/** The start table of a pattern, or undefined when it is not anchored at the start or has none worth keeping. */
export function startTableOf(re: RE2JS): StartTable | undefined {
  const prog = re.re2().prog as Prog | undefined;
  if (!prog || typeof prog.startCond !== 'function' || typeof prog.numInst !== 'function') return undefined;
  const cond = prog.startCond();
  // -1: the program cannot match at all (RE2 then rejects every line itself).
  if (cond < 0 || (cond & EMPTY_BEGIN_TEXT) === 0) return undefined;
  const n = prog.numInst();
  if (n > MAX_START_INSTS) return undefined;
  const ops = opsOf(prog.getInst(prog.start));
  if (!ops) return undefined;
  const isRune = new Set<number>(RUNE_OPS.map((k) => ops[k]));
  const known = new Set<number>([...OP_NAMES.map((k) => ops[k]), ...isRune]);
  for (let pc = 0; pc < n; pc++) if (!known.has(prog.getInst(pc).op)) return undefined;

  const runePcs: number[] = [];
  for (let pc = 0; pc < n; pc++) if (isRune.has(prog.getInst(pc).op)) runePcs.push(pc);
  // ASCII characters that every instruction treats alike share a class.
  const classes: number[] = [];
  const firstOf: number[] = [];
  const classIds = new Map<string, number>();
  for (let c = 0; c < ASCII; c++) {
    const key = runePcs.map((pc) => (prog.getInst(pc).matchRune(c) ? '1' : '0')).join('');
    let id = classIds.get(key);
    if (id === undefined) {
      id = classIds.size;
      classIds.set(key, id);
      firstOf.push(c);
    }
    classes.push(id);
  }

  /** The threads reachable from `pcs` without reading a character; null when one of them is a match. */
  const closure = (pcs: number[]): number[] | null => {
    const seen = new Set<number>();
    const stack = [...pcs];
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen.has(pc)) continue;
      seen.add(pc);
      const inst = prog.getInst(pc);
      if (inst.op === ops.MATCH) return null;
      if (inst.op === ops.ALT || inst.op === ops.ALT_MATCH) stack.push(inst.out, inst.arg);
      else if (inst.op === ops.NOP || inst.op === ops.CAPTURE || inst.op === ops.EMPTY_WIDTH) stack.push(inst.out);
    }
    return [...seen].filter((pc) => isRune.has(prog.getInst(pc).op)).sort((a, b) => a - b);
  };

  const start = closure([prog.start]);
  if (start === null || start.length === 0) return undefined;
  const states: number[][] = [start];
  const ids = new Map<string, number>([[start.join(','), 0]]);
  const next: number[] = [];
  let dead = false;
  for (let s = 0; s < states.length; s++) {
    for (const c of firstOf) {
      const to = closure(states[s]!.filter((pc) => prog.getInst(pc).matchRune(c)).map((pc) => prog.getInst(pc).out));
      if (to === null) {
        next.push(START_OPEN);
        continue;
      }
      if (to.length === 0) {
        next.push(START_DEAD);
        dead = true;
        continue;
      }
      const key = to.join(',');
      let id = ids.get(key);
      if (id === undefined && states.length < MAX_START_STATES) {
        id = states.push(to) - 1;
        ids.set(key, id);
      }
      next.push(id ?? START_OPEN);
    }
  }
  // A table that never rejects anything is not worth its bytes in the cache.
  if (!dead) return undefined;
  const text = (values: number[]) => String.fromCharCode(...values.map((v) => v + START_BASE));
  return { classes: text(classes), width: firstOf.length, next: text(next) };
}
