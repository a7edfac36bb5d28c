import { closeSync, fstatSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  decodeScanImageHead, SCAN_IMAGE_HEAD_BYTES, type WasmImage, type WasmImageData,
} from '../engine/scan-image-file.js';
import { readAt } from './read-at.js';

/**
 * The build's scanner image in `file` (lib/catalog-scan-image.bin) when it is whole and tied to `key`, else
 * null (missing, cut, another build's: the scanner then configures itself). Only its head (layout, module,
 * start filter) is read here; its memory, most of the file, is read by readMemory straight into the
 * scanner's memory when one starts, from the same file: one replaced since (another build) is not read.
 */
export function readScanImage(file: URL, key: string): WasmImage | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    let head = headOf(fd, Math.min(stat.size, SCAN_IMAGE_HEAD_BYTES));
    let decoded = head && decodeScanImageHead(head, key, stat.size);
    if (decoded && 'need' in decoded) {
      head = headOf(fd, decoded.need);
      decoded = head && decodeScanImageHead(head, key, stat.size);
    }
    if (!decoded || 'need' in decoded) return null;
    const { dev, ino, size, mtimeMs } = stat;
    const source = { file: fileURLToPath(file), memoryAt: decoded.memoryAt, dev, ino, size, mtimeMs };
    return imageFromData({ ...decoded.layout, source });
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The image `data` describes (WasmImageData: as another thread gets it), reading its memory from its file. */
export function imageFromData(data: WasmImageData): WasmImage {
  const { source } = data;
  const readMemory = (into: Uint8Array): boolean => {
    if (into.length !== data.recordsAt) return false;
    let fd: number | undefined;
    try {
      fd = openSync(source.file, 'r');
      const now = fstatSync(fd);
      const same = now.ino === source.ino && now.dev === source.dev && now.size === source.size &&
        now.mtimeMs === source.mtimeMs;
      return same && readAt(fd, into, source.memoryAt) === into.length;
    } catch {
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
  return { ...data, readMemory };
}

/** The first `length` bytes of `fd` in a buffer of their own (4-byte aligned), or null when the file is shorter. */
function headOf(fd: number, length: number): Uint8Array | null {
  const bytes = new Uint8Array(length);
  return readAt(fd, bytes, 0) === length ? bytes : null;
}
