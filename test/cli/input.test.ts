import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const BIN = fileURLToPath(new URL('../../bin/runner-doctor.js', import.meta.url));
const LOG = '2025-12-28T09:14:04.5000000Z ##[error]Error: Error: failed to create job pod: pods "r-workflow" already exists\n';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-input-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built binary; `closeStdout` closes the reading end at once, as `| head -c0` does. */
function runBin(args: string[], opts: { closeStdout?: boolean; stdin?: 'ignore' | Buffer } = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      stdio: [opts.stdin === 'ignore' || opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    if (opts.closeStdout) child.stdout!.destroy();
    else child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    if (Buffer.isBuffer(opts.stdin)) child.stdin!.end(opts.stdin);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('input that is not a log is bad input (exit 2, one line)', () => {
  it('empty stdin', async () => {
    expect(await runCli(['diagnose', '-'], { cwd: dir })).toEqual({
      code: 2,
      out: '',
      err: 'runner-doctor: stdin is empty: pipe a job log into it, e.g. `gh run view <run-id> --log-failed | runner-doctor diagnose -`\n',
    });
  });

  it('closed stdin of the real process (</dev/null)', async () => {
    const r = await runBin(['diagnose', '-'], { stdin: 'ignore' });
    expect(r).toEqual({ code: 2, out: '', err: expect.stringMatching(/^runner-doctor: stdin is empty: .*\n$/) });
  });

  it('an empty file, and nothing is printed for the good log given with it', async () => {
    writeFileSync(path.join(dir, 'good.log'), LOG);
    writeFileSync(path.join(dir, 'empty.log'), '');
    const r = await runCli(['diagnose', 'good.log', 'empty.log'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^runner-doctor: log file empty\.log is empty: .*\n$/);
  });

  it.each([
    ['a gzip file', gzipSync(LOG), 'gzip data: decompress it first'],
    ['NUL bytes', Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\0\0\0\0'), Buffer.alloc(64)]), 'it contains NUL bytes'],
    ['random non-UTF-8 bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => 0x80 + ((i * 37) % 0x7f))), 'it is not UTF-8 text'],
  ])('%s', async (_name, bytes, why) => {
    writeFileSync(path.join(dir, 'x.bin'), bytes);
    expect(await runCli(['diagnose', 'x.bin'], { cwd: dir })).toEqual({
      code: 2,
      out: '',
      err: `runner-doctor: x.bin is not a text log (${why}): give a job log as text\n`,
    });
  });

  it('a stray invalid byte in a pasted log is still a log', async () => {
    const { code, out } = await runCli(['diagnose', '-', '--format', 'json'], { stdin: Buffer.concat([Buffer.from('caf\xe9\n', 'latin1'), Buffer.from(LOG)]) });
    expect(code).toBe(0);
    expect(JSON.parse(out).rootCause.id).toBe('hook/job-pod-exists');
  });
});

describe('a reader that goes away', () => {
  it('| head -c0: exits quietly, no stack trace, even when the output is far larger than a pipe holds', async () => {
    const logs = Array.from({ length: 120 }, (_, i) => `j${i}.log`);
    for (const f of logs) writeFileSync(path.join(dir, f), LOG);
    const r = await runBin(['diagnose', ...logs, '--format', 'json'], { closeStdout: true });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});
