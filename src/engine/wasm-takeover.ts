/**
 * When the line scanner hands a log's whole lines to WebAssembly, and when that loop gets its start
 * filter: both cost milliseconds to set up, which a small log would pay for nothing.
 */
import type { LiteralSet } from './literal-set.js';
import { WasmLineScan } from './wasm-line-scan.js';

/**
 * A log that stays under this is scanned by the JavaScript loop alone: compiling and setting up the
 * WebAssembly costs a few milliseconds, what the cold JavaScript loop takes for about 300 KiB (CPU
 * time, hyperfine), and most logs are smaller. A first read of 1 MiB goes to WebAssembly whole.
 */
export const WASM_FROM_BYTES = 256 * 1024;
/**
 * A start filter the build did not make (LineScannerOptions.startFilter) is made once the log reaches
 * this: made cold, it costs a few milliseconds of CPU, what it saves on some 10 MiB of a typical big
 * log. A log a second thread scans (prescan) gets it from the start, so that thread can use it; the
 * build's (the built-in catalog's, scan-image-file.ts) is used from the start.
 */
export const FILTER_FROM_BYTES = 8 << 20;

export interface LineScannerOptions {
  /**
   * The WebAssembly loop takes over (where it runs) with the piece that brings the log to this many
   * bytes (default WASM_FROM_BYTES): 0 from the start, Infinity never (tests compare the two loops).
   */
  wasmFrom?: number;
  /**
   * Which lines holding a literal the WebAssembly loop may leave out (start-filter.ts), made for lines
   * kept whole up to the given length. Asked when that loop takes over for one there is no cost to
   * make (`prebuiltOnly`: the build's, else null), then at `filterFrom` bytes for any. None: every
   * such line is handed on.
   */
  startFilter?: (maxWholeBytes: number, prebuiltOnly: boolean) => Uint8Array | null;
  /** The filter is made once the log has reached this many bytes (default FILTER_FROM_BYTES). */
  filterFrom?: number;
}

export class WasmTakeover {
  /** The WebAssembly loop once it has taken over; null where it cannot run (or never will). */
  scan: WasmLineScan | null | undefined;
  /** What the WebAssembly loop runs with (the other thread too); undefined: not made yet. */
  private filter: Uint8Array | null | undefined;
  private readonly wasmFrom: number;
  private readonly filterFrom: number;
  private readonly startFilter: LineScannerOptions['startFilter'];

  /** `maxWholeBytes`: the longest line the scanner hands on whole (what a filter is made for). */
  constructor(
    private readonly set: LiteralSet,
    private readonly maxWholeBytes: number,
    options: LineScannerOptions,
  ) {
    this.wasmFrom = options.wasmFrom ?? WASM_FROM_BYTES;
    this.startFilter = options.startFilter;
    this.filterFrom = options.filterFrom ?? FILTER_FROM_BYTES;
    if (this.wasmFrom === Infinity) this.scan = null;
  }

  /** WebAssembly takes over once the log has reached `wasmFrom` bytes (with the build's filter, if any). */
  start(totalBytes: number): void {
    if (this.scan !== undefined || totalBytes < this.wasmFrom) return;
    this.scan = WasmLineScan.create(this.set);
    const prebuilt = this.scan && this.startFilter?.(this.maxWholeBytes, true);
    if (prebuilt) this.filter = this.scan!.setFilter(prebuilt) ? prebuilt : null;
  }

  /** `start`, and the filter made once the log has reached `filterFrom` bytes. */
  reach(totalBytes: number): void {
    this.start(totalBytes);
    if (this.scan && this.filter === undefined && totalBytes >= this.filterFrom) this.useFilter();
  }

  /** Makes the start filter (once) and has the WebAssembly loop use it; returns it, or null for none. */
  useFilter(): Uint8Array | null {
    if (this.filter !== undefined || !this.scan) return this.filter ?? null;
    const filter = this.startFilter?.(this.maxWholeBytes, false) ?? null;
    this.filter = filter && this.scan.setFilter(filter) ? filter : null;
    return this.filter;
  }
}
