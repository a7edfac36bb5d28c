/**
 * `gh run view --log` and `--log-failed` print every line of a job's log as
 * `JOB<TAB>STEP<TAB>LINE` (STEP is `UNKNOWN STEP` for lines gh cannot place), job after job. These
 * take the columns off, so the engine sees each job's log as the runner wrote it (anchored patterns
 * still match), and split the input into one log per job.
 */

const TAB = 0x09;
const LF = 0x0a;
/** A prefix longer than this is not gh's: job and step names are short. */
const MAX_PREFIX = 1024;
/** Output is handed on in pieces of this size (the engine is chunk-size agnostic). */
const OUT_BYTES = 64 * 1024;
const GH_COLUMNS = /^[^\t\r\n]+\t[^\t\r\n]*\t/;
const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/;

/**
 * Whether the start of an input is gh's columns: its first complete lines (up to 20) all have two
 * TAB-ended columns, and most go on with the runner's timestamp.
 */
export function looksLikeGhColumns(head: Buffer): boolean {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  if (lines.length > 1) lines.pop(); // the last one may be cut short
  const sample = lines.filter((l) => l !== '').slice(0, 20);
  if (sample.length === 0) return false;
  let stamped = 0;
  for (const line of sample) {
    const columns = GH_COLUMNS.exec(line);
    if (!columns) return false;
    if (TIMESTAMP.test(line.slice(columns[0].length))) stamped++;
  }
  return stamped * 2 >= sample.length;
}

type Event = { kind: 'job'; job: string } | { kind: 'data'; bytes: Buffer };

/**
 * Byte-level parser: a line's prefix (up to the second TAB) is held back, at most MAX_PREFIX bytes;
 * the rest of the line goes out as it comes, so a long line costs no more than a short one.
 */
class GhColumnParser {
  private prefix = Buffer.alloc(MAX_PREFIX);
  private prefixLength = 0;
  private tabs = 0;
  private inBody = false;
  private out = Buffer.allocUnsafe(OUT_BYTES);
  private outLength = 0;
  private job: string | null = null;
  private readonly decoder = new TextDecoder('utf-8');

  push(chunk: Uint8Array, events: Event[]): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.inBody) {
        const nl = chunk.indexOf(LF, i);
        const end = nl === -1 ? chunk.length : nl + 1;
        this.write(chunk.subarray(i, end), events);
        i = end;
        if (nl !== -1) this.inBody = false;
        continue;
      }
      const byte = chunk[i++]!;
      if (byte === LF) {
        // A line without gh's columns (pasted in, or cut): it belongs to the job it sits in.
        this.write(this.prefix.subarray(0, this.prefixLength), events);
        this.write(Buffer.of(LF), events);
        this.resetPrefix();
        continue;
      }
      if (byte === TAB && ++this.tabs === 2) {
        const held = this.prefix.subarray(0, this.prefixLength);
        const job = this.decoder.decode(held.subarray(0, held.indexOf(TAB))).replace(/^\uFEFF/, '');
        if (job !== this.job) {
          this.flush(events);
          this.job = job;
          events.push({ kind: 'job', job });
        }
        this.resetPrefix();
        this.inBody = true;
        continue;
      }
      if (this.prefixLength === MAX_PREFIX) {
        // Too long for gh's columns: pass the line on whole.
        this.write(this.prefix.subarray(0, this.prefixLength), events);
        this.write(Buffer.of(byte), events);
        this.resetPrefix();
        this.inBody = true;
        continue;
      }
      this.prefix[this.prefixLength++] = byte;
    }
  }

  end(events: Event[]): void {
    if (this.prefixLength) this.write(this.prefix.subarray(0, this.prefixLength), events);
    this.resetPrefix();
    this.flush(events);
  }

  private resetPrefix(): void {
    this.prefixLength = 0;
    this.tabs = 0;
  }

  private write(bytes: Uint8Array, events: Event[]): void {
    let at = 0;
    while (at < bytes.length) {
      const n = Math.min(bytes.length - at, OUT_BYTES - this.outLength);
      this.out.set(bytes.subarray(at, at + n), this.outLength);
      this.outLength += n;
      at += n;
      if (this.outLength === OUT_BYTES) this.flush(events);
    }
  }

  private flush(events: Event[]): void {
    if (this.outLength === 0) return;
    events.push({ kind: 'data', bytes: this.out.subarray(0, this.outLength) });
    this.out = Buffer.allocUnsafe(OUT_BYTES);
    this.outLength = 0;
  }
}

/**
 * One log per job, in the order gh printed them. Each job's chunks must be read (or abandoned)
 * before the next job is asked for; nothing is buffered beyond one input chunk.
 */
export async function* splitGhJobs(
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<{ job: string; chunks: AsyncIterable<Uint8Array> }> {
  const parser = new GhColumnParser();
  const input = source[Symbol.asyncIterator]();
  const queue: Event[] = [];
  let ended = false;
  const next = async (): Promise<Event | null> => {
    while (queue.length === 0) {
      if (ended) return null;
      const r = await input.next();
      if (r.done) {
        ended = true;
        parser.end(queue);
      } else {
        parser.push(r.value, queue);
      }
    }
    return queue.shift()!;
  };

  let event = await next();
  while (event) {
    let job = '';
    if (event.kind === 'job') {
      job = event.job;
      event = await next();
    }
    async function* chunks(): AsyncGenerator<Uint8Array> {
      while (event && event.kind === 'data') {
        yield event.bytes;
        event = await next();
      }
    }
    yield { job, chunks: chunks() };
    // Whatever the reader left of this job is skipped, up to the next job.
    while (event && event.kind === 'data') event = await next();
  }
}
