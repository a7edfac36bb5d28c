/** Pieces of a long line put together without a copy per piece (the line scanner's head and tail). */

/** The first `n` bytes of `parts` followed by `segment`. */
export function firstBytes(parts: Uint8Array[], segment: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    if (off >= n) break;
    const take = p.subarray(0, n - off);
    out.set(take, off);
    off += take.length;
  }
  if (off < n) out.set(segment.subarray(0, n - off), off);
  return out;
}

/** The last `n` bytes of `before` followed by `segment`. */
export function lastBytes(before: Uint8Array, segment: Uint8Array, n: number): Uint8Array {
  if (segment.length >= n) return segment.subarray(segment.length - n);
  const fromBefore = Math.min(before.length, n - segment.length);
  return concat(before.subarray(before.length - fromBefore), segment);
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
