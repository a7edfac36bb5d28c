import type { CliIo } from './cli/cli-io.js';
import { SERVE } from './cli/commands.js';
import { parseOptions } from './cli/parse-options.js';
import { UsageError } from './cli/usage-error.js';

/** `runner-doctor serve`: starts the app server (or its setup page) and returns 0 once it listens. */
export async function runServeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(SERVE, args);
  if (positionals.length) {
    throw new UsageError(`serve takes no arguments (got "${positionals[0]}"); run \`runner-doctor serve --help\``);
  }
  if (values.help) {
    io.stdout.write(SERVE.help);
    return 0;
  }
  // Loaded only here: the diagnosing CLI does not need Probot.
  const { serve } = await import('./serve.js');
  try {
    await serve();
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? '');
  }
  return 0;
}
