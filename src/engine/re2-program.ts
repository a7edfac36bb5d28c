/**
 * The text form of an RE2 program (model/re2-program.ts) in lib/catalog-programs.json: written at build
 * time from re2js's compiled program (catalog/program-of.ts), read when a pattern first meets a line.
 *
 * `<hash>|<start>,<cond>,<ncap>|<name>=<group>,...|<instructions>`, numbers in base 36. `hash` (FNV-1a,
 * 32 bits, of the pattern's source and the rest of the text) ties the text to its pattern: a text
 * stored under another pattern, or changed, is not used. Instructions, each a letter:
 * `L<n>.<n UTF-16 units>` one RUNE per code point, each to the next instruction; `R<out>.<k>.` then k
 * ranges `<lo>.<hi>.`; `A`, `C`, `E` then `<out>.<arg>.` (ALT, CAPTURE, EMPTY); `N`, `Y`, `Z` then
 * `<out>.` (NOP, ANY, ANY_NOT_NL); `M` MATCH; `F` FAIL.
 */
import { PROGRAM_OPS as OP, type Re2Program } from '../model/re2-program.js';

/** A program as the build hands it over: one entry per instruction. */
export interface ProgramParts {
  start: number;
  cond: number;
  ncap: number;
  groups: Record<string, number>;
  insts: { op: number; out: number; arg: number; runes: number[] }[];
}

const MAX_RUNE = 0x10ffff;
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** FNV-1a over the UTF-16 units of `text`: cheap enough to check at every read. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const isSurrogate = (r: number) => r >= 0xd800 && r <= 0xdfff;

/** The text of `p`, the program of `source`. */
export function formatProgram(source: string, p: ProgramParts): string {
  const b36 = (n: number) => n.toString(36);
  let body = '';
  let run = '';
  const flush = () => {
    if (run) body += `L${b36(run.length)}.${run}`;
    run = '';
  };
  p.insts.forEach((inst, pc) => {
    const r = inst.runes;
    const single = inst.op === OP.RUNE && r.length === 2 && r[0] === r[1] && !isSurrogate(r[0]!);
    if (single && inst.out === pc + 1) {
      run += String.fromCodePoint(r[0]!);
      return;
    }
    flush();
    if (inst.op === OP.RUNE) body += `R${b36(inst.out)}.${b36(r.length / 2)}.${r.map((n) => `${b36(n)}.`).join('')}`;
    else if (inst.op === OP.ALT) body += `A${b36(inst.out)}.${b36(inst.arg)}.`;
    else if (inst.op === OP.CAPTURE) body += `C${b36(inst.out)}.${b36(inst.arg)}.`;
    else if (inst.op === OP.EMPTY) body += `E${b36(inst.out)}.${b36(inst.arg)}.`;
    else if (inst.op === OP.NOP) body += `N${b36(inst.out)}.`;
    else if (inst.op === OP.ANY) body += `Y${b36(inst.out)}.`;
    else if (inst.op === OP.ANY_NOT_NL) body += `Z${b36(inst.out)}.`;
    else body += inst.op === OP.MATCH ? 'M' : 'F';
  });
  flush();
  const groups = Object.entries(p.groups).map(([name, g]) => `${name}=${b36(g)}`);
  const rest = `|${p.start},${p.cond},${p.ncap}|${groups.join(',')}|${body}`;
  return fnv1a(source + rest).toString(36) + rest;
}

const LETTER_OPS: Record<string, number> = {
  A: OP.ALT, C: OP.CAPTURE, E: OP.EMPTY, N: OP.NOP, Y: OP.ANY, Z: OP.ANY_NOT_NL, M: OP.MATCH, F: OP.FAIL,
};

/**
 * The program in `text` when it is a whole, well-formed program of `source`, else null (the caller then
 * compiles the pattern with re2js: the same answer, later).
 */
export function parseProgram(source: string, text: string): Re2Program | null {
  const bar = text.indexOf('|');
  if (bar < 1 || text.slice(0, bar) !== fnv1a(source + text.slice(bar)).toString(36)) return null;
  // The instructions may hold `|` (a literal): only the first three separate fields.
  const bar2 = text.indexOf('|', bar + 1);
  const bar3 = bar2 < 0 ? -1 : text.indexOf('|', bar2 + 1);
  if (bar3 < 0) return null;
  const fields = text.slice(bar + 1, bar2).split(',').map(Number);
  const names = text.slice(bar2 + 1, bar3);
  const body = text.slice(bar3 + 1);
  if (fields.length !== 3) return null;
  const [start, cond, ncap] = fields as [number, number, number];
  const groups: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const pair of names ? names.split(',') : []) {
    const [name, g] = pair.split('=') as [string, string?];
    const index = parseInt(g ?? '', 36);
    if (!GROUP_NAME.test(name) || !(index > 0 && 2 * index + 1 < ncap) || name in groups) return null;
    groups[name] = index;
  }
  const ops: number[] = [];
  const outs: number[] = [];
  const args: number[] = [];
  const runeAt: number[] = [0];
  const runes: number[] = [];
  let at = 0;
  // A number and its `.`; -1 when there is none (the checks below then reject the program).
  const num = (): number => {
    const end = body.indexOf('.', at);
    if (end <= at) return -1;
    const n = parseInt(body.slice(at, end), 36);
    at = end + 1;
    return Number.isSafeInteger(n) ? n : -1;
  };
  const add = (op: number, out: number, arg: number) => {
    ops.push(op);
    outs.push(out);
    args.push(arg);
    runeAt.push(runes.length);
  };
  while (at < body.length) {
    const letter = body[at++]!;
    if (letter === 'L') {
      const n = num();
      const run = n > 0 ? body.slice(at, at + n) : '';
      if (run.length !== n) return null;
      at += n;
      for (const ch of run) {
        const cp = ch.codePointAt(0)!;
        if (isSurrogate(cp)) return null;
        runes.push(cp, cp);
        add(OP.RUNE, ops.length + 1, 0);
      }
    } else if (letter === 'R') {
      const out = num();
      const k = num();
      if (k < 1 || k > body.length) return null;
      for (let i = 0; i < 2 * k; i++) runes.push(num());
      add(OP.RUNE, out, 0);
    } else if (Object.hasOwn(LETTER_OPS, letter)) {
      const op = LETTER_OPS[letter]!;
      const out = op === OP.MATCH || op === OP.FAIL ? 0 : num();
      add(op, out, op === OP.ALT || op === OP.CAPTURE || op === OP.EMPTY ? num() : 0);
    } else return null;
  }
  const program: Re2Program = {
    start, cond, ncap, groups,
    op: Uint8Array.from(ops),
    out: Int32Array.from(outs),
    arg: Int32Array.from(args),
    runeAt: Int32Array.from(runeAt),
    runes: Int32Array.from(runes),
  };
  return wellFormed(program) ? program : null;
}

/** Every jump within the program, every slot within ncap, every range ascending within Unicode. */
function wellFormed(p: Re2Program): boolean {
  const n = p.op.length;
  const inRange = (pc: number) => Number.isInteger(pc) && pc >= 0 && pc < n;
  if (!inRange(p.start) || !Number.isInteger(p.cond) || p.cond < -1 || p.cond > 63) return false;
  if (!Number.isInteger(p.ncap) || p.ncap < 2 || p.ncap % 2 !== 0) return false;
  for (let pc = 0; pc < n; pc++) {
    const op = p.op[pc]!;
    if (op !== OP.MATCH && op !== OP.FAIL && !inRange(p.out[pc]!)) return false;
    if (op === OP.ALT && !inRange(p.arg[pc]!)) return false;
    if (op === OP.CAPTURE && !(p.arg[pc]! >= 0 && p.arg[pc]! < p.ncap)) return false;
    if (op === OP.EMPTY && !(p.arg[pc]! > 0 && p.arg[pc]! <= 63)) return false;
    let prev = -1;
    for (let i = p.runeAt[pc]!; i < p.runeAt[pc + 1]!; i += 2) {
      const lo = p.runes[i]!;
      const hi = p.runes[i + 1]!;
      if (!(lo > prev && lo <= hi && hi <= MAX_RUNE)) return false;
      prev = hi;
    }
  }
  return true;
}
