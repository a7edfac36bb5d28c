import type { CliIo } from './cli/cli-io.js';
import { WORKER } from './cli/commands.js';
import { parseOptions } from './cli/parse-options.js';
import { UsageError } from './cli/usage-error.js';

/**
 * `runner-doctor worker`: starts the queue workers and returns 0 once they run; the open Redis
 * connections keep the process alive until SIGTERM.
 */
export async function runWorkerCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(WORKER, args);
  if (positionals.length) {
    throw new UsageError(`worker takes no arguments (got "${positionals[0]}"); run \`runner-doctor worker --help\``);
  }
  if (values.help) {
    io.stdout.write(WORKER.help);
    return 0;
  }
  // Loaded only here: the diagnosing CLI does not need Probot or Redis.
  const { startWorker } = await import('./worker.js');
  try {
    await startWorker(process.env);
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? '');
  }
  return 0;
}
