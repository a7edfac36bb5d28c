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
/** Instructions at most of a program to build one for (the built-in ones have up to 281). */
export const MAX_START_INSTS = 500;
/**
 * Steps (instructions looked at) at most to build one: a pattern made to be costly gets no table
 * rather than an expensive one (at this cap a few ms, up to ~25 ms while the code is still cold).
 * The built-in patterns need up to about 36 000.
 */
export const MAX_START_WORK = 100_000;

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
  const insts = Array.from({ length: n }, (_, pc) => prog.getInst(pc));
  const isRune = new Set<number>(RUNE_OPS.map((k) => ops[k]));
  const known = new Set<number>([...OP_NAMES.map((k) => ops[k]), ...isRune]);
  if (insts.some((inst) => !known.has(inst.op))) return undefined;
  let work = 0;

  // ASCII characters that every instruction treats alike share a class (refined one instruction at
  // a time; ids in the order of each class's first character, which `first` holds).
  const runePcs = insts.flatMap((inst, pc) => (isRune.has(inst.op) ? [pc] : []));
  let classOf = new Array<number>(ASCII).fill(0);
  let first = [0];
  for (const pc of runePcs) {
    const ids = new Map<number, number>();
    const refined: number[] = [];
    first = [];
    for (let c = 0; c < ASCII; c++) {
      const key = classOf[c]! * 2 + (insts[pc]!.matchRune(c) ? 1 : 0);
      let id = ids.get(key);
      if (id === undefined) {
        id = first.push(c) - 1;
        ids.set(key, id);
      }
      refined.push(id);
    }
    classOf = refined;
    work += ASCII;
  }

  // The threads an instruction leads to without reading a character (null: a match is among them), once each.
  const closures = new Map<number, number[] | null>();
  const closureOf = (from: number): number[] | null => {
    const known = closures.get(from);
    if (known !== undefined) return known;
    const seen = new Uint8Array(n);
    const stack = [from];
    const runes: number[] = [];
    let result: number[] | null = runes;
    while (stack.length > 0 && result !== null) {
      const pc = stack.pop()!;
      work++;
      if (seen[pc]) continue;
      seen[pc] = 1;
      const inst = insts[pc]!;
      if (inst.op === ops.MATCH) result = null;
      else if (isRune.has(inst.op)) runes.push(pc);
      else if (inst.op === ops.ALT || inst.op === ops.ALT_MATCH) stack.push(inst.out, inst.arg);
      // Every empty-width assertion is taken as true: more threads than RE2 keeps, never fewer.
      else if (inst.op === ops.NOP || inst.op === ops.CAPTURE || inst.op === ops.EMPTY_WIDTH) stack.push(inst.out);
    }
    closures.set(from, result);
    return result;
  };
  /** The threads after reading a character of class `cls` in a state: null when a match is reachable. */
  const mark = new Int32Array(n);
  let generation = 0;
  const step = (state: number[], cls: number): number[] | null => {
    const c = first[cls]!;
    const to: number[] = [];
    generation++;
    for (const pc of state) {
      work++;
      if (!insts[pc]!.matchRune(c)) continue;
      const next = closureOf(insts[pc]!.out);
      if (next === null) return null;
      for (const r of next) {
        if (mark[r] === generation) continue;
        mark[r] = generation;
        to.push(r);
      }
      work += next.length;
    }
    return to.sort((a, b) => a - b);
  };

  const start = closureOf(prog.start);
  if (start === null || start.length === 0) return undefined;
  const states: number[][] = [[...start].sort((a, b) => a - b)];
  const ids = new Map<string, number>([[states[0]!.join(','), 0]]);
  const next: number[] = [];
  let dead = false;
  for (let s = 0; s < states.length; s++) {
    for (let cls = 0; cls < first.length; cls++) {
      if (work > MAX_START_WORK) return undefined;
      const to = step(states[s]!, cls);
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
  return { classes: text(classOf), width: first.length, next: text(next) };
}
