import { expect } from 'vitest';

/**
 * Checks that `decode` (a build-time binary file's reader) refuses `bytes` cut short (by one byte, by a word,
 * to a piece of its header, to nothing), made longer, of another format (its second word), or tied to
 * another key; and that the file read at an odd offset (a pooled Buffer) is copied, not misread (`contents`:
 * what of a decoded file to compare, when it holds functions).
 */
export function expectRefusesDamaged<T>(
  decode: (file: Uint8Array, key: string) => T | null,
  bytes: Uint8Array,
  key: string,
  contents: (decoded: T) => unknown = (decoded) => decoded,
): void {
  for (const cut of [bytes.length - 1, bytes.length - 4, 40, 0]) {
    expect(decode(bytes.subarray(0, cut), key)).toBeNull();
  }
  const longer = new Uint8Array(bytes.length + 4);
  longer.set(bytes);
  expect(decode(longer, key)).toBeNull();
  const format = bytes.slice();
  format[4]! ^= 0xff;
  expect(decode(format, key)).toBeNull();
  expect(decode(bytes, 'f'.repeat(key.length))).toBeNull();
  const odd = new Uint8Array(bytes.length + 1);
  odd.set(bytes, 1);
  const read = decode(bytes, key);
  const oddRead = decode(odd.subarray(1), key);
  expect(read).not.toBeNull();
  expect(oddRead).not.toBeNull();
  expect(contents(oddRead!)).toEqual(contents(read!));
}
