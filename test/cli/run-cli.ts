import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli.js';

export interface CliOptions {
  /** What stdin holds; empty when not given. */
  stdin?: string | Buffer;
  tty?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs the CLI in-process with its own streams; returns what a user would see. */
export async function runCli(args: string[], opts: CliOptions = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: opts.tty ?? false });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const input = opts.stdin ?? '';
  const code = await main(args, {
    stdin: Readable.from(input.length ? [Buffer.from(input)] : []),
    stdout,
    stderr,
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
  });
  return { code, out, err };
}
