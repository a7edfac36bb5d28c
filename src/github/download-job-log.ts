import type { ProbotOctokit } from 'probot';
import { HeadTailKeeper } from './head-tail-keeper.js';

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

/**
 * Streams one job's log (the API answers 302 to a short-lived URL; fetch follows it without the
 * token). Memory stays within `maxBytes` however big the log is: we keep the head and the TAIL,
 * because the cause of a failure is usually near the end. When the storage serves byte ranges
 * (GitHub's does), reading stops once the head is full and only the tail is fetched; otherwise
 * the middle streams through a fixed ring buffer. Never throws: every failure, bad parameters
 * included, comes back as a reason the comment can show for that job.
 */
export async function downloadJobLog(
  octokit: ProbotOctokit,
  params: DownloadJobLogParams,
): Promise<JobLog | JobLogFailure> {
  if (!Number.isSafeInteger(params.maxBytes) || params.maxBytes < 2) {
    const message = `Could not read the log: the byte cap ${params.maxBytes} is not a whole number >= 2.`;
    return { ok: false, reason: 'error', message };
  }
  const timeoutMs = params.timeoutMs ?? 120_000;
  const signal = AbortSignal.timeout(timeoutMs);
  let keeper = new HeadTailKeeper(params.maxBytes);
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
    else if (data instanceof ReadableStream) {
      const size = Number(res.headers['content-length']);
      keeper = new HeadTailKeeper(params.maxBytes, size);
      const ranged = res.headers['accept-ranges'] === 'bytes' && Number.isSafeInteger(size) && size > params.maxBytes;
      // With ranges: stop at the full head (the body is cancelled, the middle never read).
      await readAll(data as ReadableStream<Uint8Array>, signal, (c) => {
        keeper.push(c);
        return ranged && keeper.headFull;
      });
      if (ranged) {
        const tail = await readTail(res.url, size - keeper.tailCap, signal);
        if (tail.status === 206) {
          const before = keeper.total;
          await readAll(tail.body, signal, (c) => void keeper.push(c));
          if (keeper.total - before < keeper.tailCap) return endedEarly(keeper.total - before, keeper.tailCap);
          return keeper.result(size);
        }
        // The range was not honoured: the whole log again, through a fresh keeper.
        keeper = new HeadTailKeeper(params.maxBytes, size);
        await readAll(tail.body, signal, (c) => void keeper.push(c));
      }
      // A connection that closes early looks like the end of a short log: compare with the size announced.
      if (Number.isSafeInteger(size) && keeper.total < size) return endedEarly(keeper.total, size);
    } else {
      return { ok: false, reason: 'error', message: 'Could not read the log: the API returned no body.' };
    }
  } catch (err) {
    return failure(err, signal.aborted ? timeoutMs : null);
  }
  return keeper.result();
}

function endedEarly(got: number, expected: number): JobLogFailure {
  const message = `Could not download the log: the connection ended after ${got} of ${expected} bytes.`;
  return { ok: false, reason: 'error', message };
}

/** The log's bytes from `from` to its end, from the storage URL the API redirected to (no token). */
async function readTail(
  url: string,
  from: number,
  signal: AbortSignal,
): Promise<{ status: number; body: ReadableStream<Uint8Array> }> {
  const res = await fetch(url, { headers: { range: `bytes=${from}-` }, signal, redirect: 'error' });
  if ((res.status !== 206 && res.status !== 200) || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
  }
  return { status: res.status, body: res.body };
}

/**
 * Reads a body to its end, or until `onChunk` returns true (then cancels it); gives up (and
 * cancels it) when `signal` aborts, even if the source stalls.
 */
async function readAll(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onChunk: (c: Uint8Array) => boolean | void,
): Promise<void> {
  const reader = body.getReader();
  // Cancelling ends a pending read even when the source stalls. (Not Promise.race against an
  // abort promise: every race would hang a reaction, and its chunk, on that promise until the
  // end: the whole log kept after all.)
  const onAbort = () => void reader.cancel(signal.reason).catch(() => undefined);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      if (done) return;
      if (onChunk(value) === true) {
        await reader.cancel().catch(() => undefined);
        return;
      }
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
      message:
        'The log has expired (HTTP 410): GitHub keeps logs for the repository\'s retention period ' +
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
    const message = `Could not download the log: timed out after ${timedOutAfterMs / 1000} s.`;
    return { ok: false, reason: 'error', message };
  }
  // Octokit reports network errors as status 500 with the cause attached: show the cause.
  const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
  const detail = code ?? (status ? `HTTP ${status}` : err instanceof Error ? err.message : String(err));
  return { ok: false, reason: 'error', message: `Could not download the log (${detail}).` };
}
