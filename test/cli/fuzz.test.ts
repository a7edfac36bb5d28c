import { describe, expect, it, vi } from 'vitest';
import { splitGhJobs } from '../../src/cli/gh-columns.js';
import { makeZip } from './make-zip.js';
import { runCli } from './run-cli.js';

// Each run loads the catalog from src/ (YAML parsed, patterns compiled): once per set of options here.
vi.mock('../../src/catalog/load-catalog.js', async (original) =>
  (await import('../helpers/catalog-once.js')).catalogOnce(await original()));

/** A seeded generator, so a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (n: number, alphabet?: number[]) =>
    Buffer.from(Array.from({ length: n }, () => (alphabet ? alphabet[int(alphabet.length)]! : int(256))));
  return { next, int, bytes };
}

/** Splits a buffer at random places (the reader must not care where chunks end). */
function* chunked(buf: Buffer, r: ReturnType<typeof prng>): Generator<Uint8Array> {
  let at = 0;
  while (at < buf.length) {
    const n = 1 + r.int(r.next() < 0.2 ? 3 : 70_000);
    yield buf.subarray(at, at + n);
    at += n;
  }
}

async function* asAsync(it: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const c of it) yield c;
}

/** A line body: any bytes but LF, sometimes NULs, invalid UTF-8, TABs and CRs, sometimes very long. */
function body(r: ReturnType<typeof prng>): Buffer {
  const kind = r.int(5);
  const len = kind === 0 ? 200_000 + r.int(200_000) : r.int(300);
  const noLf = Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0x0a);
  if (kind === 1) return r.bytes(len, [0x00, 0x09, 0x0d, 0xc3, 0x28, 0xff, 0xfe, 0x41]);
  return r.bytes(len, noLf);
}

describe("gh columns reader (fuzzed)", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: every job gets exactly its lines, columns off, whatever the bytes and chunking', async (seed) => {
    const r = prng(seed);
    const jobs = ['build', 'test (ubuntu, 20)', 'lint / eslint', 'ünïcode job'];
    const lines: { job: string; body: Buffer }[] = [];
    let job = jobs[0]!;
    for (let i = 0, n = 1 + r.int(60); i < n; i++) {
      if (r.next() < 0.1) job = jobs[r.int(jobs.length)]!;
      lines.push({ job, body: body(r) });
    }
    const input = Buffer.concat(
      lines.map((l) => Buffer.concat([Buffer.from(`${l.job}\t${r.next() < 0.3 ? 'UNKNOWN STEP' : 'Run make'}\t`), l.body, Buffer.from('\n')])),
    );
    // Consecutive lines of one job are one log.
    const expected: { job: string; text: Buffer }[] = [];
    for (const l of lines) {
      const last = expected.at(-1);
      const text = Buffer.concat([l.body, Buffer.from('\n')]);
      if (last && last.job === l.job) last.text = Buffer.concat([last.text, text]);
      else expected.push({ job: l.job, text });
    }
    const got: { job: string; text: Buffer }[] = [];
    for await (const part of splitGhJobs(asAsync(chunked(input, r)))) {
      const pieces: Buffer[] = [];
      for await (const c of part.chunks) pieces.push(Buffer.from(c));
      got.push({ job: part.job, text: Buffer.concat(pieces) });
    }
    expect(got.map((g) => g.job)).toEqual(expected.map((e) => e.job));
    for (let i = 0; i < expected.length; i++) expect(got[i]!.text.equals(expected[i]!.text), `job ${i}`).toBe(true);
  });

  it('a reader that leaves a job half-read still gets the next job whole', async () => {
    const input = Buffer.from('a\ts\tone\na\ts\ttwo\nb\ts\tthree\n');
    const got: string[] = [];
    for await (const part of splitGhJobs(asAsync([input]))) {
      if (part.job === 'a') continue; // not read at all
      for await (const c of part.chunks) got.push(Buffer.from(c).toString());
    }
    expect(got.join('')).toBe('three\n');
  });
});

describe('the CLI on random input (fuzzed)', () => {
  const starts = [
    () => Buffer.alloc(0),
    () => Buffer.from('build\tRun make\t2025-01-01T00:00:00.0000000Z ok\n'),
    () => Buffer.from('PK\x03\x04'),
    () => makeZip([{ name: '0_job.txt', data: 'hello\n' }]).subarray(0, 40),
    () => Buffer.from('2025-01-01T00:00:00.0000000Z ##[group]Run x\n'),
    // Past the sniffed start the bytes reach the engine's line reader as they are.
    () => Buffer.from('2025-01-01T00:00:00.0000000Z plain text\n'.repeat(300)),
    () => Buffer.from('build\tRun make\t2025-01-01T00:00:00.0000000Z ok\n'.repeat(300)),
  ];
  const codes = new Set<number>();
  it.each(Array.from({ length: 24 }, (_, i) => i + 1))('seed %i: exit 0 or a one-line exit 2, never a crash', async (seed) => {
    const r = prng(1000 + seed);
    const parts = [starts[r.int(starts.length)]!()];
    for (let i = 0, n = 1 + r.int(6); i < n; i++) parts.push(r.next() < 0.5 ? body(r) : r.bytes(r.int(20_000)), Buffer.from('\n'));
    const result = await runCli(['diagnose', '-', '--format', r.next() < 0.5 ? 'json' : 'text'], { stdin: Buffer.concat(parts) });
    codes.add(result.code);
    expect([0, 2]).toContain(result.code);
    if (result.code === 2) expect(result.err).toMatch(/^runner-doctor: [^\n]+\n$/);
    else expect(result.err).toBe('');
  });

  it('the runs above reached both the engine (exit 0) and the input checks (exit 2)', () => {
    expect([...codes].sort()).toEqual([0, 2]);
  });
});
