import type { ProbotOctokit } from 'probot';

export interface JobLog {
  ok: true;
  /** The log, or its head and tail joined at a line boundary when the cap bit. */
  bytes: Uint8Array;
  /** Bytes kept in `bytes`. */
  keptBytes: number;
  /** Bytes the server sent in all. */
  totalBytes: number;
  truncated: boolean;
}

export interface JobLogFailure {
  ok: false;
  reason: 'expired' | 'not-available' | 'error';
  /** One sentence for the job's section of the comment. */
  message: string;
}

export interface DownloadJobLogParams {
  owner: string;
  repo: string;
  jobId: number;
  /** Cap on bytes kept: half from the start of the log, half from its end. */
  maxBytes: number;
  /** Whole-download timeout (default 120 s). */
  timeoutMs?: number;
}

const NEWLINE = 0x0a;

/**
 * Streams one job's log (the API answers 302 to a short-lived URL; fetch follows it without the
 * token). Memory stays within `maxBytes` however big the log is: we keep the head and the TAIL,
 * because the cause of a failure is usually near the end. Never throws: failures come back as
 * a reason the comment can show for that job.
 */
export async function downloadJobLog(
  octokit: ProbotOctokit,
  params: DownloadJobLogParams,
): Promise<JobLog | JobLogFailure> {
  if (!Number.isInteger(params.maxBytes) || params.maxBytes < 2) {
    throw new Error(`downloadJobLog: maxBytes must be an integer >= 2, got ${params.maxBytes}`);
  }
  const timeoutMs = params.timeoutMs ?? 120_000;
  const signal = AbortSignal.timeout(timeoutMs);
  const keeper = new HeadTailKeeper(params.maxBytes);
  try {
    const res = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
      owner: params.owner,
      repo: params.repo,
      job_id: params.jobId,
      request: { parseSuccessResponseBody: false, signal },
    });
    const data: unknown = res.data;
    if (typeof data === 'string') keeper.push(new TextEncoder().encode(data));
    else if (data instanceof ArrayBuffer) keeper.push(new Uint8Array(data));
    else if (data instanceof ReadableStream)
      await readAll(data as ReadableStream<Uint8Array>, signal, (c) => keeper.push(c));
    else {
      return { ok: false, reason: 'error', message: 'Could not read the log: the API returned no body.' };
    }
  } catch (err) {
    return failure(err, signal.aborted ? timeoutMs : null);
  }
  return keeper.result();
}

/** Reads a body to its end; gives up (and cancels it) when `signal` aborts, even if the source stalls. */
async function readAll(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onChunk: (c: Uint8Array) => void,
): Promise<void> {
  const reader = body.getReader();
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) return;
      onChunk(value);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function failure(err: unknown, timedOutAfterMs: number | null): JobLogFailure {
  const status = (err as { status?: number }).status;
  if (status === 410) {
    return {
      ok: false,
      reason: 'expired',
      message: 'The log has expired (HTTP 410): GitHub keeps logs for the repository\'s retention period ' +
        '(90 days by default).',
    };
  }
  if (status === 404) {
    return {
      ok: false,
      reason: 'not-available',
      message: 'The log is not available yet (HTTP 404); comment `/diagnose` to try again in a minute.',
    };
  }
  if (timedOutAfterMs !== null) {
    return { ok: false, reason: 'error', message: `Could not download the log: timed out after ` +
      `${timedOutAfterMs / 1000} s.` };
  }
  // Octokit reports network errors as status 500 with the cause attached: show the cause.
  const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
  const detail = code ?? (status ? `HTTP ${status}` : err instanceof Error ? err.message : String(err));
  return { ok: false, reason: 'error', message: `Could not download the log (${detail}).` };
}

/** Keeps the first and last `max / 2` bytes of a stream, cut at line boundaries. */
class HeadTailKeeper {
  readonly #headCap: number;
  readonly #tailCap: number;
  readonly #head: Uint8Array[] = [];
  #headLen = 0;
  #tail: Uint8Array[] = [];
  #tailLen = 0;
  #total = 0;

  constructor(max: number) {
    this.#headCap = Math.floor(max / 2);
    this.#tailCap = max - this.#headCap;
  }

  push(chunk: Uint8Array): void {
    this.#total += chunk.length;
    let rest = chunk;
    if (this.#headLen < this.#headCap) {
      const take = Math.min(this.#headCap - this.#headLen, rest.length);
      this.#head.push(rest.slice(0, take));
      this.#headLen += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0) return;
    // Copy: the stream may reuse its buffers.
    this.#tail.push(rest.slice());
    this.#tailLen += rest.length;
    while (this.#tail.length > 1 && this.#tailLen - this.#tail[0]!.length >= this.#tailCap) {
      this.#tailLen -= this.#tail.shift()!.length;
    }
  }

  result(): JobLog {
    const head = concat(this.#head, this.#headLen);
    if (this.#total <= this.#headCap + this.#tailCap) {
      const all = concat([head, ...this.#tail], this.#total);
      return { ok: true, bytes: all, keptBytes: all.length, totalBytes: this.#total, truncated: false };
    }
    let tail = concat(this.#tail, this.#tailLen);
    tail = tail.subarray(tail.length - this.#tailCap);
    // Drop the partial lines at the cut so no half line is diagnosed.
    const headEnd = head.lastIndexOf(NEWLINE) + 1;
    const tailStart = tail.indexOf(NEWLINE) + 1;
    const kept = concat([head.subarray(0, headEnd), tail.subarray(tailStart)], headEnd + tail.length - tailStart);
    return { ok: true, bytes: kept, keptBytes: kept.length, totalBytes: this.#total, truncated: true };
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
