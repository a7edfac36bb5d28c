/**
 * One pass over the raw bytes of a log: counts lines and finds, with an Aho-Corasick automaton,
 * the lines that contain any of a set of literals. Only those lines are decoded and handed on, so
 * the cost per byte is one table lookup and memory stays flat however long the log is.
 */

export interface CandidateLine {
  /** 1-based line number. */
  line: number;
  /** The line's bytes (without the newline), capped at `maxLineBytes`. */
  bytes: Uint8Array;
  /** True when the line was longer than the cap and got cut. */
  truncated: boolean;
  /** Ids (indexes into the literal list) of the literals found in the line. */
  literals: number[];
}

/** A compiled set of literals, shareable between scans. */
export class LiteralSet {
  readonly literals: readonly string[];
  /** Byte -> input class (0 = a byte no literal contains). */
  readonly classOf: Uint8Array;
  readonly classCount: number;
  /** Dense DFA: next state = delta[state * classCount + class]. */
  readonly delta: Int32Array;
  /** Per state: offset into `outputs` (outputStart[s]..outputStart[s+1]) of the literal ids that end here. */
  readonly outputStart: Int32Array;
  readonly outputs: Int32Array;

  constructor(literals: readonly string[]) {
    this.literals = literals;
    const encoded = literals.map((l) => Buffer.from(l, 'utf8'));
    const classOf = new Uint8Array(256);
    let classCount = 1;
    for (const bytes of encoded) for (const b of bytes) if (classOf[b] === 0) classOf[b] = classCount++;
    if (classCount > 255) throw new Error('too many distinct bytes in the literals');
    // Trie.
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    encoded.forEach((bytes, id) => {
      let s = 0;
      for (const b of bytes) {
        const c = classOf[b]!;
        let next = goto[s]!.get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[s]!.set(c, next);
        }
        s = next;
      }
      out[s]!.push(id);
    });
    // Failure links by BFS, folded into a dense transition table.
    const n = goto.length;
    const delta = new Int32Array(n * classCount);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 1; c < classCount; c++) {
      const s = goto[0]!.get(c);
      if (s !== undefined) {
        delta[c] = s;
        queue.push(s);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const r = queue[qi]!;
      out[r]!.push(...out[fail[r]!]!);
      for (let c = 1; c < classCount; c++) {
        const s = goto[r]!.get(c);
        if (s !== undefined) {
          fail[s] = delta[fail[r]! * classCount + c]!;
          delta[r * classCount + c] = s;
          queue.push(s);
        } else {
          delta[r * classCount + c] = delta[fail[r]! * classCount + c]!;
        }
      }
    }
    const outputStart = new Int32Array(n + 1);
    const flat: number[] = [];
    for (let s = 0; s < n; s++) {
      outputStart[s] = flat.length;
      flat.push(...new Set(out[s]));
    }
    outputStart[n] = flat.length;
    this.classOf = classOf;
    this.classCount = classCount;
    this.delta = delta;
    this.outputStart = outputStart;
    this.outputs = Int32Array.from(flat);
  }
}

const NEWLINE = 10;

export class LineScanner {
  private state = 0;
  private lineNo = 1;
  /** Bytes of the current line from earlier chunks (capped). */
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  private lineLength = 0;
  private hits: number[] = [];
  private readonly seenOnLine: Int32Array;
  private totalBytes = 0;

  constructor(
    private readonly set: LiteralSet,
    private readonly onLine: (c: CandidateLine) => void,
    private readonly maxLineBytes = 64 * 1024,
  ) {
    this.seenOnLine = new Int32Array(set.literals.length);
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Lines seen so far (a last line without a newline counts once `end()` is called). */
  get lines(): number {
    return this.lineNo - 1;
  }

  push(chunk: Uint8Array): void {
    const { classOf, delta, classCount, outputStart, outputs } = this.set;
    const seen = this.seenOnLine;
    let s = this.state;
    let lineStart = 0;
    const n = chunk.length;
    this.totalBytes += n;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      if (b === NEWLINE) {
        if (this.hits.length > 0) this.emit(chunk, lineStart, i);
        else this.dropCarry();
        this.lineNo++;
        this.lineLength = 0;
        lineStart = i + 1;
        s = 0;
        continue;
      }
      s = delta[s * classCount + classOf[b]!]!;
      const o = outputStart[s]!;
      const oEnd = outputStart[s + 1]!;
      if (o !== oEnd) {
        for (let k = o; k < oEnd; k++) {
          const id = outputs[k]!;
          if (seen[id] !== this.lineNo) {
            seen[id] = this.lineNo;
            this.hits.push(id);
          }
        }
      }
    }
    this.state = s;
    // Keep the unfinished line's bytes (up to the cap) for when its end arrives.
    if (lineStart < n) {
      const room = this.maxLineBytes - this.carryBytes;
      if (room > 0) {
        const part = chunk.subarray(lineStart, Math.min(n, lineStart + room));
        this.carry.push(Uint8Array.from(part));
        this.carryBytes += part.length;
      }
      this.lineLength += n - lineStart;
    }
  }

  /** Flushes a last line that had no newline. */
  end(): void {
    if (this.lineLength > 0 || this.carryBytes > 0) {
      if (this.hits.length > 0) this.emit(new Uint8Array(0), 0, 0);
      this.lineNo++;
    }
    this.carry = [];
    this.carryBytes = 0;
    this.lineLength = 0;
  }

  private emit(chunk: Uint8Array, start: number, end: number): void {
    const full = this.lineLength + (end - start);
    let bytes: Uint8Array;
    if (this.carryBytes === 0) {
      bytes = chunk.subarray(start, Math.min(end, start + this.maxLineBytes));
    } else {
      const room = Math.max(0, this.maxLineBytes - this.carryBytes);
      const tail = chunk.subarray(start, Math.min(end, start + room));
      bytes = new Uint8Array(this.carryBytes + tail.length);
      let off = 0;
      for (const part of this.carry) {
        bytes.set(part, off);
        off += part.length;
      }
      bytes.set(tail, off);
    }
    const hits = this.hits;
    this.hits = [];
    this.dropCarry();
    this.onLine({ line: this.lineNo, bytes, truncated: full > this.maxLineBytes, literals: hits });
  }

  private dropCarry(): void {
    if (this.carryBytes > 0 || this.carry.length > 0) {
      this.carry = [];
      this.carryBytes = 0;
    }
  }
}
