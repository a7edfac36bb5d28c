import { describe, expect, it } from 'vitest';
import { rng } from '../../scripts/bench-log.mjs';
import { LineScanner, LiteralSet, type CandidateLine, type DirectLog } from '../../src/engine/line-scanner.js';
import { PIECE_BYTES, RECORD_CAPACITY, WasmLineScan } from '../../src/engine/wasm-line-scan.js';

type Chunks = (string | Uint8Array)[];

type Seen = { line: number; text: string; literals: string[]; truncated: boolean }[];

/** A scanner of `literals` whose candidate lines go to `seen`, as text and literal strings. */
function scannerInto(seen: Seen, literals: string[], maxLineBytes: number | undefined, wasm: boolean | number) {
  return new LineScanner(
    new LiteralSet(literals),
    (c: CandidateLine) =>
      seen.push({
        line: c.line,
        text: Buffer.from(c.bytes).toString('utf8'),
        literals: c.literals.map((i) => literals[i]!).sort(),
        truncated: c.truncated,
      }),
    maxLineBytes,
    // A number: the bytes after which WebAssembly takes over.
    { wasmFrom: typeof wasm === 'number' ? wasm : wasm ? 0 : Infinity },
  );
}

function scan(chunks: Chunks, literals: string[], maxLineBytes?: number, wasm: boolean | number = true) {
  const seen: Seen = [];
  const s = scannerInto(seen, literals, maxLineBytes, wasm);
  for (const c of chunks) s.push(typeof c === 'string' ? Buffer.from(c) : c);
  s.end();
  return { seen, lines: s.lines, bytes: s.bytes };
}

/** `scan` of `bytes` read by the scanner itself (readFrom), at most `most` bytes a read; also the buffers read into. */
function scanDirect(bytes: Uint8Array, literals: string[], most: number, wasm: boolean | number) {
  const seen: Seen = [];
  const s = scannerInto(seen, literals, undefined, wasm);
  let at = 0;
  const buffers = new Set<ArrayBufferLike>();
  const log: DirectLog = {
    readInto: (into) => {
      buffers.add(into.buffer);
      const n = Math.min(most, into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return n;
    },
  };
  while (s.readFrom(log) > 0);
  s.end();
  return { result: { seen, lines: s.lines, bytes: s.bytes }, buffers: buffers.size };
}

describe('LineScanner', () => {
  it('hands on only the lines holding a literal, with 1-based numbers', () => {
    const r = scan(['alpha\nbeta gamma\ndelta\ngamma beta\n'], ['gamma', 'delta']);
    expect(r.seen).toEqual([
      { line: 2, text: 'beta gamma', literals: ['gamma'], truncated: false },
      { line: 3, text: 'delta', literals: ['delta'], truncated: false },
      { line: 4, text: 'gamma beta', literals: ['gamma'], truncated: false },
    ]);
    expect(r.lines).toBe(4);
  });

  it('finds overlapping literals and literals that are suffixes of others', () => {
    const r = scan(['xx already exists yy\n'], ['already exists', 'exists', 'ready ex']);
    expect(r.seen[0]!.literals).toEqual(['already exists', 'exists', 'ready ex']);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const text = 'one\r\nsh: find: command not found\r\nthree\nlast line command not found';
    const whole = scan([text], ['command not found']);
    for (const size of [1, 2, 3, 7, 13]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(scan(chunks, ['command not found'])).toEqual(whole);
    }
    expect(whole.seen.map((s) => s.line)).toEqual([2, 4]);
    expect(whole.lines).toBe(4);
  });

  it('finds literals of different lengths split anywhere across chunks, once each', () => {
    const literals = ['tar: not found', '##[group]', 'exit code 127', 'Executing the custom container implementation failed'];
    const text =
      '##[group]Run x\nsh: tar: not found; tar: not found\nfailed with exit code 127\n' +
      'zz Executing the custom container implementation failed. Please\nend';
    const whole = scan([text], literals);
    expect(whole.seen.map((s) => [s.line, s.literals])).toEqual([
      [1, ['##[group]']],
      [2, ['tar: not found']],
      [3, ['exit code 127']],
      [4, ['Executing the custom container implementation failed']],
    ]);
    for (const size of [1, 4, 9, 20, 33]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(scan(chunks, literals)).toEqual(whole);
    }
  });

  it('never matches a literal across a line break', () => {
    expect(scan(['comm\nand not found\n'], ['command not found']).seen).toEqual([]);
  });

  it('keeps the head and the tail of an over-long line, and still finds a literal past the cap', () => {
    const long = 'h'.repeat(3000) + 'm'.repeat(3000) + ' needle here';
    const r = scan([long.slice(0, 2500), long.slice(2500, 5900), long.slice(5900) + '\nshort needle\n'], ['needle'], 1024);
    expect(r.seen[0]).toMatchObject({ line: 1, truncated: true, literals: ['needle'] });
    expect(r.seen[0]!.text).toBe('h'.repeat(512) + ' [...] ' + 'm'.repeat(512 - ' needle here'.length) + ' needle here');
    expect(r.seen[1]).toMatchObject({ line: 2, text: 'short needle', truncated: false });
    // The same line in one chunk gives the same result.
    expect(scan([long + '\nshort needle\n'], ['needle'], 1024)).toEqual(r);
  });

  it('keeps a line just under the cap whole, across chunks', () => {
    const line = 'a'.repeat(600) + ' needle ' + 'b'.repeat(400);
    const r = scan([line.slice(0, 700), line.slice(700) + '\n'], ['needle'], 1024);
    expect(r.seen[0]).toMatchObject({ text: line, truncated: false });
  });

  it('counts bytes and lines of an empty log and of a log without a final newline', () => {
    expect(scan([], ['abcde'])).toEqual({ seen: [], lines: 0, bytes: 0 });
    expect(scan(['a\nb'], ['abcde'])).toMatchObject({ lines: 2, bytes: 3 });
  });

  it('matches multi-byte UTF-8 literals and survives invalid bytes', () => {
    const bytes = Buffer.concat([Buffer.from('ok\n'), Buffer.from([0xff, 0xfe, 0x20]), Buffer.from('größe überschritten\n')]);
    const r = scan([bytes], ['größe']);
    expect(r.seen).toHaveLength(1);
    expect(r.seen[0]!.line).toBe(2);
  });

  it('skips a GitHub timestamp only as far as no literal can start in it', () => {
    const ts = '2025-12-27T11:29:01.1234567Z';
    expect(new LiteralSet(['needle', ' marker']).timestampSkip).toBe(28);
    // Spells the timestamp from its 11th byte on (digits at the fraction): may start at 11.
    const odd = 'ab:cd:ef.1234567Z go';
    expect(new LiteralSet(['needle', odd]).timestampSkip).toBe(11);
    const r = scan([`${ts} marker\n2025-12-27Tab:cd:ef.1234567Z go\n${ts}needle\n`], ['needle', ' marker', odd]);
    expect(r.seen.map((s) => [s.line, s.literals])).toEqual([[1, [' marker']], [2, [odd]], [3, ['needle']]]);
  });

  it('hands on a coloured line only when a literal is there once the codes are gone', () => {
    const E = '\u001b';
    const r = scan([`${E}[32mok${E}[0m\nsh: comm${E}[1mand not fo${E}[0mund\n${E}[?25lcommand\n`], ['command not found']);
    // Line 1 has nothing; line 2 hides the literal; line 3 has a code the byte stripper leaves to the engine.
    expect(r.seen.map((s) => s.line)).toEqual([2, 3]);
  });

  it('runs the WebAssembly loop here (Node 20 has WebAssembly SIMD)', () => {
    expect(WasmLineScan.create(new LiteralSet(['needle']))).not.toBeNull();
  });
});

describe('LineScanner: WebAssembly and JavaScript loops give the same lines', () => {
  const literals = ['needle', '##[error]', 'command not found', 'error'];
  const ts = (i: number) => `2025-12-27T11:29:${String(i % 60).padStart(2, '0')}.${String(i).padStart(7, '0')}Z`;
  const E = '\u001b';

  /** Scans `text` in chunks of `size` both ways and expects the same candidate lines and counts. */
  function same(text: string | Uint8Array, size: number, maxLineBytes?: number) {
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    const wasm = scan(chunks, literals, maxLineBytes, true);
    expect(wasm).toEqual(scan(chunks, literals, maxLineBytes, false));
    return wasm;
  }

  it('on short edge cases, split at every chunk size', () => {
    const text = [
      '',
      `${ts(1)} sh: 1: jq: command not found`,
      '',
      `${ts(2)}needle right after the timestamp`,
      // ESC inside the timestamp: not a timestamp any more, still searched from its start.
      `2025-12-27T11:29:0${E}[1m.1234567Z plain`,
      `2025-12-27T11:29:01.123${E}4567Z needle`,
      `${ts(3)} ${E}[31mcommand not fo${E}[0mund`,
      `${ts(4)} ##[error]Process completed with exit code 1.\r`,
      'nee',
      'dle',
      `${ts(5)} the end: error`,
    ].join('\n');
    // Across chunk sizes, lines without colour codes only: a coloured line split across chunks is handed on
    // without the search without codes (the engine does that search).
    const lines = (r: ReturnType<typeof same>) =>
      r.seen.filter((s) => !s.text.includes(E)).map((s) => [s.line, s.text]);
    const whole = same(text, text.length);
    expect(whole.seen.map((s) => s.line)).toEqual([2, 4, 6, 7, 8, 11]);
    for (const size of [1, 2, 5, 16, 17, 29, 30, 64]) expect(lines(same(text, size))).toEqual(lines(whole));
    expect(same(`${text}\n`, 7).lines).toBe(11);
  });

  it('on lines longer than a chunk, and a timestamp split across chunks', () => {
    const long = `${ts(7)} ${'x'.repeat(5000)} needle ${'y'.repeat(5000)}`;
    const text = `${ts(6)} a\n${long}\n${ts(8)} command not found\n\n\n${long}`;
    const whole = same(text, text.length, 2048);
    expect(whole.seen.map((s) => [s.line, s.truncated])).toEqual([[2, true], [3, false], [6, true]]);
    for (const size of [10, 33, 1000, 4096]) expect(same(text, size, 2048)).toEqual(whole);
    // WebAssembly taking over in the middle of the log (after a line that spans chunks, too).
    for (const size of [33, 4096]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(scan(chunks, literals, 2048, 6000)).toEqual(whole);
    }
  });

  it('on chunks bigger than its memory, with more reported lines than one call returns', () => {
    // A generated log of about 2.5 pieces, one line in three a candidate: more than RECORD_CAPACITY per piece.
    const random = rng(13);
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < 2.5 * PIECE_BYTES; i++) {
      const r = random();
      const line =
        r < 0.3 ? `${ts(i)} step ${i}: error` : r < 0.35 ? `${ts(i)} ${E}[32mok${E}[0m` : `${ts(i)} unit ${i}`;
      lines.push(line);
      size += line.length + 1;
    }
    const text = lines.join('\n');
    const whole = same(text, text.length);
    expect(whole.seen.length).toBeGreaterThan(2 * RECORD_CAPACITY);
    expect(whole.lines).toBe(lines.length);
    expect(same(text, PIECE_BYTES + 7)).toEqual(whole);
  });

  it('reading into its own memory (readFrom), short reads too, and WebAssembly taking over on the way', () => {
    const random = rng(7);
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 2.2 * PIECE_BYTES; i++) {
      const r = random();
      const coloured = `${ts(i)} ${E}[31mneedle${E}[0m`;
      const line = r < 0.1 ? `${ts(i)} step ${i}: error` : r < 0.12 ? coloured : `${ts(i)} u${i}`;
      lines.push(i % 5000 === 0 ? `${line} ${'z'.repeat(70000)} needle` : line);
      size += lines[i]!.length + 1;
    }
    const bytes = Buffer.from(lines.join('\n'));
    const pushed = scan([bytes], literals, undefined, true);
    expect(pushed.lines).toBe(lines.length);
    for (const wasm of [true, false, 300000]) {
      for (const most of [PIECE_BYTES, 65536, 777777]) {
        const { result, buffers } = scanDirect(bytes, literals, most, wasm);
        expect(result, `wasm ${String(wasm)}, reads of ${most}`).toEqual(pushed);
        // One buffer read into throughout (two when WebAssembly takes over on the way): nothing allocated per read.
        expect(buffers).toBe(wasm === 300000 ? 2 : 1);
      }
    }
  });

  it('on random text and random literal sets: short and long literals, 3-byte ones, non-ASCII bytes', () => {
    const random = rng(2025);
    // A small alphabet, so literals made of it occur often, at line starts and ends too.
    const alphabet = ['a', 'b', 'c', ' ', ':', 'é', 'Z', '\u001b', '[', '1', 'T', '-', '.'];
    const letter = () => alphabet[Math.floor(random() * alphabet.length)]!;
    const word = (n: number) => Array.from({ length: n }, letter).join('');
    for (let round = 0; round < 30; round++) {
      const set = new Set<string>();
      const count = 1 + Math.floor(random() * 40);
      while (set.size < count) set.add(word(3 + Math.floor(random() * (round % 3 === 0 ? 4 : 18))));
      const lits = [...set];
      const lines = Array.from({ length: 400 }, (_, i) =>
        random() < 0.5 ? `${ts(i)} ${word(Math.floor(random() * 60))}` : word(Math.floor(random() * 40)),
      );
      const text = lines.join('\n');
      for (const size of [text.length, 97]) {
        const chunks: Uint8Array[] = [];
        const bytes = Buffer.from(text);
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
        expect(scan(chunks, lits, undefined, true), `literals ${JSON.stringify(lits)}`).toEqual(
          scan(chunks, lits, undefined, false),
        );
      }
    }
  });

  it('with many literals on a line: their ids fill its record space in fewer lines than one call returns', () => {
    const lits = Array.from({ length: 300 }, (_, i) => `literal-${String(i).padStart(3, '0')}`);
    const random = rng(300);
    const lines = Array.from({ length: 3000 }, (_, i) => {
      const held = Array.from({ length: i % 7 === 0 ? 150 : 3 }, () => lits[Math.floor(random() * lits.length)]!);
      return `${ts(i)} ${held.join(' ')}`;
    });
    const bytes = Buffer.from(lines.join('\n'));
    const wasm = scan([bytes], lits, undefined, true);
    expect(wasm.seen).toHaveLength(lines.length);
    expect(Math.max(...wasm.seen.map((s) => s.literals.length))).toBeGreaterThan(100);
    expect(wasm).toEqual(scan([bytes], lits, undefined, false));
  });

  it('with more short literals than its SIMD search takes (JavaScript then scans)', () => {
    const lits = Array.from({ length: 70 }, (_, i) => `q${String(i).padStart(3, '0')}`);
    expect(WasmLineScan.create(new LiteralSet(lits))).toBeNull();
    const text = `${ts(1)} q042 here\nnothing\n${ts(2)} q0 q069\n`;
    expect(scan([text], lits).seen.map((s) => [s.line, s.literals])).toEqual([[1, ['q042']], [3, ['q069']]]);
  });
});

