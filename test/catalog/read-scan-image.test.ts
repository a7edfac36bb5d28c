// The loader's reader of the build's scanner image (lib/catalog-scan-image.bin): the head first, then the
// memory straight into the scanner's, from the same file only; a head bigger than the first read is read again.
import { mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imageFromData, readScanImage } from '../../src/catalog/read-scan-image.js';
import {
  encodeScanImage, SCAN_IMAGE_HEAD_BYTES, wasmImageData, type SavedWasmImage,
} from '../../src/engine/scan-image-file.js';

const KEY = 'k'.repeat(32);
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
// A start filter bigger than the first read: the head is read again, whole.
const saved: SavedWasmImage = {
  module: bytes(1001, 1),
  pages: 40,
  inputAt: 65536,
  recordsAt: 8192,
  capacity: 100,
  memory: bytes(8192, 2),
  startFilter: bytes(SCAN_IMAGE_HEAD_BYTES + 5000, 3),
};

let dir = '';
let file = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-read-image-'));
  file = path.join(dir, 'image.bin');
  writeFileSync(file, encodeScanImage(saved, KEY));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const memoryOf = (image: { recordsAt: number; readMemory: (into: Uint8Array) => boolean }) => {
  const into = new Uint8Array(image.recordsAt);
  return image.readMemory(into) ? Buffer.from(into) : null;
};

describe('readScanImage', () => {
  it('reads a head longer than its first read, and the memory into the room given', () => {
    const image = readScanImage(pathToFileURL(file), KEY)!;
    expect(image).not.toBeNull();
    expect(Buffer.from(image.startFilter).equals(Buffer.from(saved.startFilter))).toBe(true);
    expect(Buffer.from(image.module).equals(Buffer.from(saved.module))).toBe(true);
    expect([image.pages, image.inputAt, image.recordsAt, image.capacity]).toEqual([40, 65536, 8192, 100]);
    expect(memoryOf(image)!.equals(Buffer.from(saved.memory))).toBe(true);
    // As data for another thread: the same memory, read there from the file.
    const data = wasmImageData(image)!;
    expect(structuredClone(data)).toEqual(data);
    expect(memoryOf(imageFromData(structuredClone(data)))!.equals(Buffer.from(saved.memory))).toBe(true);
  });

  it('refuses a file cut short, of another key or missing', () => {
    truncateSync(file, 10000);
    expect(readScanImage(pathToFileURL(file), KEY)).toBeNull();
    writeFileSync(file, encodeScanImage(saved, KEY));
    expect(readScanImage(pathToFileURL(file), 'x'.repeat(32))).toBeNull();
    rmSync(file);
    expect(readScanImage(pathToFileURL(file), KEY)).toBeNull();
  });

  it('reads no memory from a file replaced or cut after its head was read', () => {
    const image = readScanImage(pathToFileURL(file), KEY)!;
    writeFileSync(`${file}.new`, encodeScanImage({ ...saved, memory: bytes(8192, 9) }, KEY));
    renameSync(`${file}.new`, file);
    expect(memoryOf(image)).toBeNull();
    const again = readScanImage(pathToFileURL(file), KEY)!;
    truncateSync(file, 20000);
    expect(memoryOf(again)).toBeNull();
  });
});
