import { parseArgs } from 'node:util';
import type { CommandSpec } from './commands.js';
import { nearest } from './nearest.js';
import { UsageError } from './usage-error.js';

/** parseArgs for one command; a mistyped option names the nearest real one. */
export function parseOptions(spec: CommandSpec, args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: spec.options });
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
