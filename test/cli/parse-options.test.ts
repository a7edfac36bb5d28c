// plainCommandLine parses the usual command lines itself, so a run does not load util.parseArgs: it must
// give exactly what parseArgs gives (or decline, and parseArgs parses or reports), and it must take the
// usual lines (else start-up is silently slower).
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rng } from '../../scripts/bench-log.mjs';
import { COMMANDS, DIAGNOSE } from '../../src/cli/commands.js';
import { parseOptions, plainCommandLine } from '../../src/cli/parse-options.js';

/** parseArgs as parseOptions calls it: the result, or the error's code. */
function byParseArgs(options: (typeof DIAGNOSE)['options'], args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

/** The same values (in the same order, on a null prototype) and positionals. */
function expectSame(plain: object, parsed: unknown, args: string[]) {
  const what = JSON.stringify(args);
  expect(plain, what).toStrictEqual(parsed);
  const keys = (r: unknown) => Object.keys((r as { values: object }).values);
  expect(keys(plain), what).toEqual(keys(parsed));
}

describe('plainCommandLine', () => {
  it('takes the usual command lines, as parseArgs parses them', () => {
    const lines = [
      ['job.log'],
      [],
      ['job.log', '--format', 'json'],
      ['a.log', 'b.log', '--format=markdown', '--no-color'],
      ['-', '--workflow', 'ci.yml', '--job', 'build', '--catalog', 'x.yaml', '--catalog=y.yaml', '--apply'],
      ['https://github.com/o/r/actions/runs/1', '--help', '--ignore', 'noise/x', '--format='],
    ];
    for (const args of lines) {
      const plain = plainCommandLine(DIAGNOSE.options, args);
      expect(plain, args.join(' ')).not.toBeNull();
      expectSame(plain!, byParseArgs(DIAGNOSE.options, args), args);
      expect(parseOptions(DIAGNOSE, args)).toStrictEqual(plain);
    }
  });

  it('gives what parseArgs gives, or leaves the line to it, on random lines of every command', () => {
    const rand = rng(13);
    const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
    let taken = 0;
    let left = 0;
    for (const spec of COMMANDS) {
      const names = Object.keys(spec.options);
      const pieces = [
        'x.log', '-', '--', '-h', '-1', '--nope', '--nope=1', '', 'a=b', '--=x', '---x',
        ...names.flatMap((n) => [`--${n}`, `--${n}=`, `--${n}=v`, `--${n}=-v`, '-v']),
      ];
      for (let i = 0; i < 3000; i++) {
        const args = Array.from({ length: Math.floor(rand() * 6) }, () => pick(pieces));
        const plain = plainCommandLine(spec.options, args);
        if (plain === null) {
          left++;
          continue;
        }
        taken++;
        expectSame(plain, byParseArgs(spec.options, args), [spec.name, ...args]);
      }
    }
    expect(taken).toBeGreaterThan(1000);
    expect(left).toBeGreaterThan(1000);
  });
});
