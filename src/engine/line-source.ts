// What the engine and its line sources (line-scanner.ts, the tests' reference scanner) exchange.
import type { LiteralSet } from './literal-set.js';
import type { PrescanTable } from './prescan-table.js';

export interface CandidateLine {
  /** 1-based line number. */
  line: number;
  /** The line's bytes (without the newline), capped at `maxLineBytes`. */
  bytes: Uint8Array;
  /** True when the line was longer than the cap and got cut. */
  truncated: boolean;
  /** Ids (indexes into the literal list) of the literals found in the line's raw bytes. */
  literals: number[];
  /**
   * True when the line holds an ESC byte: a colour code inside a literal hides it from the byte
   * search, so such lines are handed on even without a hit, to be searched again without codes.
   */
  escaped: boolean;
}

/**
 * A log that can write itself into the scanner's own buffer (a regular file): `readInto` fills `into`
 * with the log's next bytes and returns how many (at most `into.length`; 0 at the end). The scanner
 * then reads straight into its WebAssembly memory instead of copying every chunk there.
 */
export interface DirectLog {
  readInto(into: Uint8Array): number;
  /**
   * Fills `into` from byte `offset` of the log, without moving where `readInto` reads next; returns the
   * bytes read (fewer only at the end). With `skip`, lets the scanner read only the parts of a piece it
   * needs (prescan-ranges.ts).
   */
  readAt?(into: Uint8Array, offset: number): number;
  /** Moves where `readInto` reads next `bytes` further on; false when it cannot (then it did not). */
  skip?(bytes: number): boolean;
  /**
   * Has another thread scan the log's pieces ahead of the scanner for the literals of `set`, with the
   * scanner's start filter (prescan-table.ts; `filter()` makes it, for a log that gets the thread),
   * where the log can (a big file); else null. Asked once, before the first read into WebAssembly memory.
   */
  prescan?(set: LiteralSet, filter: () => Uint8Array | null): PrescanTable | null;
}

/** What the engine needs from whatever splits the log into candidate lines. */
export interface LineSource {
  push(chunk: Uint8Array): void;
  /** Reads the next piece of `log` into the source's own buffer and scans it; returns its length (0: the end). */
  readFrom?(log: DirectLog): number;
  /** Flushes a last line that had no newline. */
  end(): void;
  readonly bytes: number;
  readonly lines: number;
  /**
   * True when a line with a timestamp holding a literal was left out, as nothing would come of it
   * (start-filter.ts): the step tracker counts such lines.
   */
  readonly droppedStamped?: boolean;
  /** Up to RECENT_LINES lines before the current one (their first KiB), oldest first. Valid during `onLine`. */
  previousLines(): { line: number; bytes: Uint8Array }[];
}
