import { describe, expect, it } from 'vitest';
import { githubTextStart, normalizeLine, splitLine } from '../../src/engine/normalize-line.js';

describe('normalizeLine', () => {
  it('strips the BOM, the 7-digit timestamp and the CR, keeping ##[error]', () => {
    expect(splitLine('\uFEFF2025-12-27T11:29:01.1234567Z ##[error]Executing the custom container implementation failed.\r')).toEqual({
      timestamp: '2025-12-27T11:29:01.1234567Z',
      text: '##[error]Executing the custom container implementation failed.',
      indent: 0,
    });
  });

  it('strips ANSI colour codes wherever they stand, and a BOM after the timestamp', () => {
    expect(normalizeLine('\u001b[36;1m2025-12-27T11:29:01.1234567Z \uFEFF\u001b[31mError:\u001b[0m boom')).toBe('Error: boom');
  });

  it('handles pasted lines: no timestamp, leading spaces and tabs', () => {
    expect(splitLine('    \tsh: line 1: find: command not found')).toEqual({
      timestamp: null,
      text: 'sh: line 1: find: command not found',
      indent: 0,
    });
  });

  it("measures a process's indentation after the timestamp (a BOM there is not indentation)", () => {
    expect(splitLine('2025-12-27T11:29:01.1234567Z     hook_test.go:88: boom')).toMatchObject({ text: 'hook_test.go:88: boom', indent: 4 });
    expect(splitLine('2025-12-27T11:29:01.1234567Z \uFEFFRun x')).toMatchObject({ text: 'Run x', indent: 0 });
  });

  it('leaves a line that merely contains a date alone', () => {
    expect(normalizeLine('built 2025-12-27T11:29:01Z ok')).toBe('built 2025-12-27T11:29:01Z ok');
  });

  it('accepts a timestamp alone on a line', () => {
    expect(splitLine('2025-12-27T11:29:01.1234567Z')).toEqual({ timestamp: '2025-12-27T11:29:01.1234567Z', text: '', indent: 0 });
  });
});

describe('githubTextStart (splitLine on the bytes of a line as GitHub writes most)', () => {
  const stamp = '2025-12-27T11:29:01.1234567Z';
  it.each([
    [`${stamp} ##[endgroup]`, 29],
    [`${stamp} ##[group]Run make test --flag=\t"x"`, 29],
    [`${stamp} x`, 29],
    [`${stamp}  two spaces`, -1],
    [`${stamp} \ttab`, -1],
    [`${stamp} `, -1],
    [stamp, -1],
    [`${stamp} crlf\r`, -1],
    [`${stamp} caf\u00e9`, -1],
    [`${stamp} \u001b[31mcolour`, -1],
    [`\uFEFF${stamp} bom`, -1],
    [`2025-12-27T11:29:01.123Z three digits`, -1],
    [`2025-12-27T11:29:01Z no digits`, -1],
    [`2025-12-27 11:29:01.1234567Z space for T`, -1],
    [`2025-12-27T11:29:01.1234567Zx no space`, -1],
    [` ${stamp} indented`, -1],
  ])('%j -> %i, what splitLine says', (line, start) => {
    expect(githubTextStart(Buffer.from(line, 'utf8'))).toBe(start);
    if (start >= 0) expect(splitLine(line)).toEqual({ timestamp: line.slice(0, start - 1), text: line.slice(start), indent: 0 });
  });
});
