import { parseArgs } from 'node:util';
import type { CliIo } from './cli/cli-io.js';
import { WORKER } from './cli/commands.js';
import { UsageError } from './cli/usage-error.js';

/**
 * `runner-doctor worker`: starts the queue workers and returns 0 once they run; the open Redis
 * connections keep the process alive until SIGTERM.
 */
export async function runWorkerCommand(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: WORKER.options, allowPositionals: false, strict: true }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; run \`runner-doctor worker --help\``);
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
