import type { ProbotOctokit } from 'probot';

/**
 * One job's log as a stream of chunks, read as it arrives (the API answers 302 to a short-lived URL;
 * fetch follows it without the token), for a reader that keeps nothing but what it matches (the
 * CLI). HTTP errors throw with their `status` (410: the log expired; 404: not there yet); `signal`
 * bounds the whole download.
 */
export async function streamJobLog(
  octokit: ProbotOctokit,
  params: { owner: string; repo: string; jobId: number; signal?: AbortSignal },
): Promise<AsyncIterable<Uint8Array>> {
  const res = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
    owner: params.owner,
    repo: params.repo,
    job_id: params.jobId,
    request: { parseSuccessResponseBody: false, ...(params.signal ? { signal: params.signal } : {}) },
  });
  const data: unknown = res.data;
  if (data instanceof ReadableStream) return data as ReadableStream<Uint8Array> & AsyncIterable<Uint8Array>;
  if (typeof data === 'string') return once(new TextEncoder().encode(data));
  return once(data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(0));
}

function once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  return ReadableStream.from([bytes]) as ReadableStream<Uint8Array> & AsyncIterable<Uint8Array>;
}
