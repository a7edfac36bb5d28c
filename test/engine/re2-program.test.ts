// The text form of a stored RE2 program reads back as written, and only for its own pattern: a text
// changed anywhere, cut, of another pattern, or whose instructions jump outside the program, is refused
// (the pattern is then compiled by re2js).
import { describe, expect, it } from 'vitest';
import { programText } from '../../src/catalog/compile-pattern.js';
import { formatProgram, parseProgram, type ProgramParts } from '../../src/engine/re2-program.js';
import { PROGRAM_OPS as OP } from '../../src/model/re2-program.js';

const SOURCE = 'pods \\\\*"(?<pod>[a-z0-9][a-z0-9.-]*-workflow)\\\\*" already exists|a\\|b(?<x>\\x{1F600}+)';

describe('stored RE2 program text', () => {
  it('reads back to the instructions written, literal runs, `|` and astral code points included', () => {
    const text = programText(SOURCE)!;
    const p = parseProgram(SOURCE, text)!;
    expect(p).not.toBeNull();
    expect(p.groups).toEqual({ pod: 1, x: 2 });
    expect(p.ncap).toBe(6);
    const parts: ProgramParts = {
      start: p.start,
      cond: p.cond,
      ncap: p.ncap,
      groups: { ...p.groups },
      insts: Array.from(p.op, (op, pc) => ({
        op,
        out: op === OP.MATCH || op === OP.FAIL ? 0 : p.out[pc]!,
        arg: p.arg[pc]!,
        runes: Array.from(p.runes.subarray(p.runeAt[pc], p.runeAt[pc + 1])),
      })),
    };
    expect(formatProgram(SOURCE, parts)).toBe(text);
    expect(Array.from(p.runes)).toContain(0x1f600);
  });

  it('is refused when changed, cut, of another pattern, or out of bounds', () => {
    const text = programText(SOURCE)!;
    for (let i = 0; i < text.length; i += 3) {
      const c = text[i] === 'a' ? 'b' : 'a';
      expect(parseProgram(SOURCE, text.slice(0, i) + c + text.slice(i + 1)), `changed at ${i}`).toBeNull();
    }
    for (const cut of [0, 1, text.length >> 1, text.length - 1]) expect(parseProgram(SOURCE, text.slice(0, cut))).toBeNull();
    expect(parseProgram(`${SOURCE} `, text)).toBeNull();
    const one = (insts: ProgramParts['insts'], more: Partial<ProgramParts> = {}) =>
      parseProgram('x', formatProgram('x', { start: 0, cond: 0, ncap: 2, groups: {}, insts, ...more }));
    const match = { op: OP.MATCH, out: 0, arg: 0, runes: [] };
    expect(one([{ op: OP.RUNE, out: 1, arg: 0, runes: [0x78, 0x78] }, match])).not.toBeNull();
    expect(one([{ op: OP.RUNE, out: 2, arg: 0, runes: [0x78, 0x78] }, match])).toBeNull();
    expect(one([{ op: OP.ALT, out: 1, arg: 9, runes: [] }, match])).toBeNull();
    expect(one([{ op: OP.CAPTURE, out: 1, arg: 2, runes: [] }, match])).toBeNull();
    expect(one([{ op: OP.RUNE, out: 1, arg: 0, runes: [0x79, 0x78] }, match])).toBeNull();
    expect(one([{ op: OP.RUNE, out: 1, arg: 0, runes: [0x10, 0x20, 0x18, 0x30] }, match])).toBeNull();
    expect(one([{ op: OP.RUNE, out: 1, arg: 0, runes: [0x10, 0x110000] }, match])).toBeNull();
    expect(one([match], { start: 1 })).toBeNull();
    expect(one([match], { groups: { a: 1 } })).toBeNull();
  });
});
