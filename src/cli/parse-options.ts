import { createRequire } from 'node:module';
import type { ParseArgsConfig } from 'node:util';
import type { CommandSpec } from './commands.js';
import { nearest } from './nearest.js';
import { UsageError } from './usage-error.js';

type Options = CommandSpec['options'];
type Parsed = { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };

/** parseArgs for one command; a mistyped option names the nearest real one. */
export function parseOptions(spec: CommandSpec, args: string[]) {
  const plain = plainCommandLine(spec.options, args);
  if (plain) return plain;
  try {
    const { parseArgs } = createRequire(import.meta.url)('node:util') as typeof import('node:util');
    return parseArgs({ args, allowPositionals: true, strict: true, options: spec.options } satisfies ParseArgsConfig);
  } catch (err) {
    const e = err as Error & { code?: string };
    const more = `run \`runner-doctor ${spec.name} --help\``;
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const typed = /'(-[^']*)'/.exec(e.message)?.[1] ?? '';
      const name = typed.replace(/^-+/, '').split('=')[0]!;
      const near = nearest(name, Object.keys(spec.options));
      throw new UsageError(`unknown option ${typed}${near ? ` (did you mean --${near}?)` : ''}; ${more}`);
    }
    throw new UsageError(`${e.message}; ${more}`);
  }
}

/**
 * What util.parseArgs (strict, positionals allowed) makes of a plain command line: positionals and known
 * long options (`--name value`, `--name=value`, a boolean `--name`); null for anything else (a short or
 * unknown option, `--`, a missing or dash-led value), which parseArgs then parses or reports. Its first
 * call loads two of Node's modules and compiles their functions, 0.5 ms of every run's start-up;
 * test/cli/parse-options.test.ts checks this gives what parseArgs gives.
 */
export function plainCommandLine(options: Options, args: string[]): Parsed | null {
  const values: Parsed['values'] = Object.create(null) as Parsed['values'];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') return null;
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    if (!option) return null;
    let value: string | boolean = true;
    if (option.type === 'string') {
      const next = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (next === undefined || (eq < 0 && next.startsWith('-'))) return null;
      value = next;
    } else if (eq >= 0) {
      return null;
    }
    if (option.multiple) ((values[name] ??= []) as (string | boolean)[]).push(value);
    else values[name] = value;
  }
  for (const [name, option] of Object.entries(options)) {
    if (option.default !== undefined && values[name] === undefined) values[name] = option.default;
  }
  return { values, positionals };
}
