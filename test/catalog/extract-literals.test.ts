import { describe, expect, it } from 'vitest';
import { extractLiterals } from '../../src/catalog/extract-literals.js';

describe('extractLiterals', () => {
  it('takes the longest top-level run', () => {
    expect(extractLiterals('pods \\\\*"(?<pod>[a-z0-9.-]+)\\\\*" already exists')).toEqual(['" already exists']);
  });

  it('drops a character made optional by ? or * or {0,n}', () => {
    expect(extractLiterals('abcdefg?')).toEqual(['abcdef']);
    expect(extractLiterals('abcdefgh*')).toEqual(['abcdefg']);
    expect(extractLiterals('abcdefgh{0,2}')).toEqual(['abcdefg']);
  });

  it('keeps a character repeated with + once, then ends the run', () => {
    expect(extractLiterals('exit codes+ 127')).toEqual(['exit codes']);
  });

  it('ignores groups, classes and escapes that stand for classes', () => {
    expect(extractLiterals('(?:foo|bar)baz\\d+ quux[abc] exited')).toEqual([' exited']);
    expect(extractLiterals('[\\]x]HTTP-Code: \\d{3}')).toEqual(['HTTP-Code: ']);
  });

  it('treats escaped punctuation as literal text', () => {
    expect(extractLiterals('env: \'/__e/node\\d+')).toEqual(["env: '/__e/node"]);
    expect(extractLiterals('\\[DEP0005\\]')).toEqual(['[DEP0005]']);
  });

  it('gives one literal per top-level alternative, null where one has none', () => {
    expect(extractLiterals('command not found|executable file not found')).toEqual(['command not found', 'executable file not found']);
    expect(extractLiterals('no space left|\\d+ ab')).toEqual(['no space left', null]);
  });

  it('does not split on | inside a group or class', () => {
    expect(extractLiterals('prefix (a|b)[|] suffix text')).toEqual([' suffix text']);
  });
});
