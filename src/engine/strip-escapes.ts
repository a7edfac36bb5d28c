/**
 * Colour codes removed on raw bytes, for the scanner to tell whether a coloured line can hold a
 * literal without decoding it. Only the common form is handled: every ESC starts `ESC [`, digits and
 * `;`, then a final byte (`\x1b[32m`, `\x1b[0;1;31m`). On exactly those, Node's
 * `stripVTControlCharacters` (which the engine applies to the decoded line) removes the same bytes:
 * its other branch needs a BEL, `ESC \` or U+009C terminator, none of which such a line holds. Any
 * other shape returns -1 and the caller falls back to decoding the line (test/engine/strip-escapes
 * compares the two on generated lines).
 */

/** Longer coloured lines are not stripped (the scanners hand them on as they are). */
export const MAX_STRIPPED = 64 * 1024;

const ESC = 0x1b;
const BEL = 0x07;
const SEMICOLON = 0x3b;
/** Bytes that may end a CSI sequence in Node's pattern: `[\dA-PR-TZcf-nq-uy=><~]`. */
const FINAL = new Uint8Array(128);
for (const [a, b] of [['0', '9'], ['A', 'P'], ['R', 'T'], ['Z', 'Z'], ['c', 'c'], ['f', 'n'], ['q', 'u'], ['y', 'y']]) {
  for (let c = a!.charCodeAt(0); c <= b!.charCodeAt(0); c++) FINAL[c] = 1;
}
for (const c of '=><~') FINAL[c.charCodeAt(0)] = 1;
/** Bytes that open an intro or a parameter Node's pattern knows but this fast path does not take. */
const INTRO_OTHER = new Uint8Array(128);
for (const c of '[]()#?') INTRO_OTHER[c.charCodeAt(0)] = 1;

const isDigit = (b: number) => b >= 48 && b <= 57;

/**
 * Writes `buf[from, to)` without its colour codes into `out` (at least `to - from` long) and returns
 * the length written, or -1 when the line has a shape this fast path does not handle.
 */
export function stripEscapes(buf: Uint8Array, from: number, to: number, out: Uint8Array): number {
  let o = 0;
  let i = from;
  while (i < to) {
    const b = buf[i]!;
    if (b === BEL) return -1;
    // U+009B / U+009C (C2 9B, C2 9C) open or end sequences too.
    if (b === 0xc2 && i + 1 < to && (buf[i + 1] === 0x9b || buf[i + 1] === 0x9c)) return -1;
    if (b !== ESC) {
      out[o++] = b;
      i++;
      continue;
    }
    let j = i + 1;
    if (j >= to || buf[j] !== 0x5b) return -1; // `ESC [` only (this also rules out `ESC \`)
    j++;
    // Node's intro `[[\]()#;?]*` (greedy): here `;` only.
    while (j < to && buf[j] === SEMICOLON) j++;
    if (j < to && INTRO_OTHER[buf[j]!] === 1) return -1;
    // `(?:\d{1,4}(?:;\d{0,4})*)?`, greedy: the first way it can match.
    if (j < to && isDigit(buf[j]!)) {
      let d = 0;
      while (d < 4 && j < to && isDigit(buf[j]!)) {
        j++;
        d++;
      }
      while (j < to && buf[j] === SEMICOLON) {
        j++;
        d = 0;
        while (d < 4 && j < to && isDigit(buf[j]!)) {
          j++;
          d++;
        }
      }
    }
    // The final byte; without one Node's pattern would backtrack into other splits: not handled here.
    if (j >= to || buf[j]! >= 128 || FINAL[buf[j]!] !== 1) return -1;
    i = j + 1;
  }
  return o;
}
