import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rng } from '../../scripts/bench-log.mjs';
import { stripEscapes } from '../../src/engine/strip-escapes.js';

function strip(line: string): string | null {
  const bytes = Buffer.from(line, 'utf8');
  const out = new Uint8Array(bytes.length);
  const n = stripEscapes(bytes, 0, bytes.length, out);
  return n < 0 ? null : Buffer.from(out.subarray(0, n)).toString('utf8');
}

describe('stripEscapes (colour codes removed on bytes)', () => {
  it('removes SGR codes as Node does, and keeps the text between them', () => {
    const line = '\u001b[32m✓\u001b[39m src/a.test.ts \u001b[2m(\u001b[22m\u001b[0;1;31m3 tests\u001b[0m)';
    expect(strip(line)).toBe('✓ src/a.test.ts (3 tests)');
    expect(strip(line)).toBe(stripVTControlCharacters(line));
  });

  it('gives up on shapes it does not handle (terminators, other intros, no final byte)', () => {
    for (const line of ['a\u001b]8;;http://x\u0007b', 'a\u001b[?25lb', 'a\u001b[32', 'a\u001b\\b', 'a\u009b31mb', 'x\u001bM']) {
      expect(strip(line), JSON.stringify(line)).toBeNull();
    }
  });

  it('agrees with stripVTControlCharacters on every line it handles (generated lines)', () => {
    const rand = rng(13);
    const pieces = ['\u001b', '[', ';', '0', '1', '3', '9', '12345', 'm', 'K', 'H', 'Q', 'z', ':', '?', ']', '\\',
      '\u0007', '\u009b', '\u009c', '✓', 'é', ' ', 'error', '(', '#', '\r', 'a', 'Z', '~', '<'];
    let handled = 0;
    for (let n = 0; n < 50000; n++) {
      let line = '';
      const len = 1 + Math.floor(rand() * 14);
      for (let k = 0; k < len; k++) line += rand() < 0.3 ? '\u001b[' : pieces[Math.floor(rand() * pieces.length)];
      const mine = strip(line);
      if (mine === null) continue;
      handled++;
      expect(mine, JSON.stringify(line)).toBe(stripVTControlCharacters(line));
    }
    // The comparison means something only if many generated lines took the fast path.
    expect(handled).toBeGreaterThan(5000);
  });
});
