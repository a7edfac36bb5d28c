// The CLI's standard output written with synchronous writes (src/cli/sync-output.ts): every byte, in
// order, through short writes, a pipe far fuller than it holds, a file; EPIPE dropped quietly; an fd that
// would block handed to the stream.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncOutput } from '../../src/cli/sync-output.js';
import { runCli } from './run-cli.js';

const BIN = fileURLToPath(new URL('../../bin/runner-doctor.js', import.meta.url));
const LOG =
  '2025-12-28T09:14:04.5000000Z ##[error]Error: Error: failed to create job pod: pods "r-workflow" already exists\n';

/** A writeSync stand-in: writes at most `max` bytes per call into `got`, or throws `fail(call)` when it gives one. */
function fakeFd(max: number, fail: (call: number) => string | null = () => null) {
  const got: Buffer[] = [];
  let calls = 0;
  const write = ((_fd: number, buf: Uint8Array, offset: number, length: number) => {
    const code = fail(++calls);
    if (code) throw Object.assign(new Error(`${code}: write`), { code });
    const n = Math.min(length, max);
    got.push(Buffer.from(buf.subarray(offset, offset + n)));
    return n;
  }) as never;
  return { write, text: () => Buffer.concat(got).toString('utf8'), calls: () => calls };
}

const streamOf = () => {
  const s = new PassThrough();
  let text = '';
  s.on('data', (d) => (text += d));
  return { s, text: () => text };
};

describe('SyncOutput', () => {
  it('writes every byte of each text, going on after short writes (multi-byte characters included)', () => {
    const fd = fakeFd(7);
    const out = new SyncOutput(1, () => streamOf().s, fd.write);
    out.write('héllo wörld, ');
    out.write('x'.repeat(100));
    expect(fd.text()).toBe(`héllo wörld, ${'x'.repeat(100)}`);
    expect(fd.calls()).toBeGreaterThan(15);
  });

  it('drops the rest quietly once the reader is gone (EPIPE), this write and later ones', () => {
    const fd = fakeFd(4, (call) => (call === 2 ? 'EPIPE' : null));
    const out = new SyncOutput(1, () => streamOf().s, fd.write);
    expect(() => out.write('abcdefgh')).not.toThrow();
    expect(() => out.write('more')).not.toThrow();
    expect(fd.text()).toBe('abcd');
    expect(fd.calls()).toBe(2);
  });

  it('hands the rest, and every later write, to the stream when the fd would block (EAGAIN), in order', () => {
    const fd = fakeFd(3, (call) => (call === 3 ? 'EAGAIN' : null));
    const stream = streamOf();
    const out = new SyncOutput(1, () => stream.s, fd.write);
    out.write('abcdefghij');
    out.write('klm');
    expect(fd.text() + stream.text()).toBe('abcdefghijklm');
    expect(fd.text()).toBe('abcdef');
  });

  it('throws any other error (the CLI reports it)', () => {
    const fd = fakeFd(3, () => 'EIO');
    expect(() => new SyncOutput(1, () => streamOf().s, fd.write).write('x')).toThrow(/EIO/);
  });
});

describe("the launcher's output", () => {
  let dir = '';
  let logs: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rd-sync-out-'));
    logs = Array.from({ length: 150 }, (_, i) => `j${i}.log`);
    for (const f of logs) writeFileSync(path.join(dir, f), LOG);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = (stdout: 'pipe' | number) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'diagnose', ...logs, '--format', 'json'], {
        cwd: dir,
        stdio: ['ignore', stdout, 'inherit'],
      });
      let out = '';
      // A slow reader: the pipe fills and the writer waits for it.
      child.stdout?.pause();
      setTimeout(() => child.stdout?.on('data', (d) => (out += d)).resume(), 200);
      child.on('close', (code) => resolve({ code, out }));
    });

  it('through a pipe far fuller than it holds, and into a file, is what the CLI prints in-process', async () => {
    const expected = (await runCli(['diagnose', ...logs, '--format', 'json'], { cwd: dir })).out;
    expect(expected.length).toBeGreaterThan(256 * 1024);
    const strip = (s: string) => s.replace(/"ms": \d+/g, '"ms": 0');
    const piped = await run('pipe');
    expect(piped.code).toBe(0);
    expect(strip(piped.out)).toBe(strip(expected));
    const file = path.join(dir, 'out.json');
    const fd = openSync(file, 'w');
    try {
      expect((await run(fd)).code).toBe(0);
    } finally {
      closeSync(fd);
    }
    expect(strip(readFileSync(file, 'utf8'))).toBe(strip(expected));
  });
});

describe('SyncOutput.isTTY', () => {
  it('is false for a file, and for /dev/null (a character device, but no terminal: node:tty says so)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-sync-tty-'));
    const fd = openSync(path.join(dir, 'f'), 'w');
    const devNull = openSync('/dev/null', 'w');
    try {
      expect(new SyncOutput(fd, () => streamOf().s).isTTY).toBe(false);
      expect(new SyncOutput(devNull, () => streamOf().s).isTTY).toBe(false);
    } finally {
      closeSync(fd);
      closeSync(devNull);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is true for a terminal: the CLI colours its output there, and not into a pipe', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-sync-pty-'));
    const log = path.join(dir, 'job.log');
    writeFileSync(log, LOG);
    try {
      // script(1) (util-linux, in every Debian) runs the CLI on a new pseudo-terminal and copies what it shows.
      const command = [process.execPath, BIN, 'diagnose', log].map((a) => `'${a}'`).join(' ');
      const pty = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', stdio: 'pipe' });
      const pipe = spawnSync(process.execPath, [BIN, 'diagnose', log], { encoding: 'utf8', stdio: 'pipe' });
      expect(pty.stdout).toContain('\u001b[1m\u001b[31mROOT CAUSE:');
      expect(pipe.stdout).toContain('ROOT CAUSE:');
      expect(pipe.stdout).not.toContain('\u001b[');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
