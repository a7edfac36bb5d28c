import { CatalogError } from './catalog/catalog-error.js';
import type { CliIo } from './cli/cli-io.js';
import { catalogHelp, COMMANDS, mainHelp } from './cli/commands.js';
import { nearest } from './cli/nearest.js';
import { UsageError } from './cli/usage-error.js';
import { version } from './cli/version.js';
import { oneLine } from './markdown/text-hygiene.js';

export type { CliIo } from './cli/cli-io.js';

/**
 * RE2 programs compiled in this process so far. For tests: a diagnosis whose patterns all have stored
 * programs (lib/catalog-programs.json) compiles none (issue 13), in the bundle as in lib/.
 */
export async function re2Compiles(): Promise<number> {
  return (await import('./catalog/compile-pattern.js')).re2Compiles();
}

/** The CLI: picks the command; every failure is one line on stderr and exit code 2. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command) {
      // Called with nothing: a usage error, so the usage goes where errors go.
      io.stderr.write(mainHelp(version()));
      return 2;
    }
    if (command === '--help' || command === '-h') {
      io.stdout.write(mainHelp(version()));
      return 0;
    }
    if (command === 'help') return help(rest, io);
    if (command === '--version' || command === '-V') {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    // Each command's modules load when it runs: start-up is most of a small log's time (issue 13),
    // and `diagnose` needs neither the app's queue and stores nor the catalog linter.
    if (command === 'diagnose') return await (await import('./cli/diagnose-command.js')).runDiagnose(rest, io);
    if (command === 'worker') return await (await import('./worker-command.js')).runWorkerCommand(rest, io);
    if (command === 'serve') return await (await import('./serve-command.js')).runServeCommand(rest, io);
    if (command === 'stats') return await (await import('./cli/history-stats-command.js')).runHistoryStats(rest, io);
    if (command === 'catalog') {
      if (rest[0] === 'lint') return await (await import('./cli/lint-command.js')).runLint(rest.slice(1), io);
      if (rest[0] === 'stats') return await (await import('./cli/stats-command.js')).runStats(rest.slice(1), io);
      if (rest[0] === undefined || rest[0] === '--help' || rest[0] === '-h') {
        (rest[0] === undefined ? io.stderr : io.stdout).write(catalogHelp());
        return rest[0] === undefined ? 2 : 0;
      }
      const typed = `catalog ${rest[0]}`;
      throw new UsageError(`unknown command "${typed}"${suggest(typed)}; run \`runner-doctor --help\``);
    }
    if (command.startsWith('-')) {
      // A mistyped --help or --version: suggest among the options, not the commands.
      const near = nearest(command.replace(/^-+/, ''), ['help', 'version']);
      const hint = near ? ` (did you mean --${near}?)` : '';
      const more = 'options come after the command, run `runner-doctor --help`';
      throw new UsageError(`unknown option ${command}${hint}; ${more}`);
    }
    throw new UsageError(`unknown command "${command}"${suggest(command)}; run \`runner-doctor --help\``);
  } catch (err) {
    const message = err instanceof UsageError || err instanceof CatalogError ? err.message : firstLine(err);
    // Messages can carry names from logs and the API: no terminal escapes, one line.
    io.stderr.write(`runner-doctor: ${oneLine(message)}\n`);
    return 2;
  }
}

/** `runner-doctor help [command]`. */
function help(args: string[], io: CliIo): number {
  const name = args.join(' ');
  if (!name) {
    io.stdout.write(mainHelp(version()));
    return 0;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec && name !== 'catalog') {
    throw new UsageError(`no command "${name}"${suggest(name)}; run \`runner-doctor --help\``);
  }
  io.stdout.write(spec ? spec.help : catalogHelp());
  return 0;
}

function suggest(typed: string): string {
  const near = nearest(typed, COMMANDS.map((c) => c.name));
  return near ? ` (did you mean \`${near}\`?)` : '';
}

/** An unexpected error as one line (its code when it has one), never a stack trace. */
function firstLine(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const text = (e?.message ?? String(err)).split('\n')[0]!;
  return e?.code && !text.includes(e.code) ? `${text} (${e.code})` : text;
}
export { processIo } from './cli/cli-io.js';
