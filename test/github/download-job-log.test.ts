import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloadJobLog } from '../../src/github/download-job-log.js';
import { testOctokit } from '../helpers/test-octokit.js';

const API = 'https://api.github.com';
const LOGS = 'https://results-receiver.actions.example.test';
const LOG_PATH = '/repos/acme/app/actions/jobs/9/logs';
const params = { owner: 'acme', repo: 'app', jobId: 9, maxBytes: 1024 * 1024 };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

/** The API redirects to a short-lived URL on another host that must not get our token. */
function redirectTo(body: string | Buffer | (() => Readable)) {
  nock(API).get(LOG_PATH).reply(302, '', { location: `${LOGS}/job-9.txt?sig=x` });
  return nock(LOGS, { badheaders: ['authorization'] })
    .get('/job-9.txt')
    .query({ sig: 'x' })
    .reply(200, typeof body === 'function' ? body : () => body, { 'content-type': 'text/plain' });
}

const LINE_LENGTH = 105; // 28 timestamp + " line " + 9 digits + " " + 60 x + newline

/** `count` numbered log lines produced lazily in 64 KiB chunks (never held in memory at once). */
function numberedLines(count: number): () => Readable {
  return () =>
    Readable.from(
      (function* () {
        let buf = '';
        for (let i = 1; i <= count; i++) {
          buf += `2026-01-01T00:00:00.0000000Z line ${String(i).padStart(9, '0')} ${'x'.repeat(60)}\n`;
          if (buf.length >= 65536) {
            yield Buffer.from(buf);
            buf = '';
          }
        }
        if (buf) yield Buffer.from(buf);
      })(),
    );
}

describe('downloadJobLog', () => {
  it('follows the redirect without the Authorization header and returns the whole log', async () => {
    const scope = redirectTo('2026-01-01T00:00:00.0000000Z hello\n');
    const got = await downloadJobLog(testOctokit(), params);
    expect(got).toMatchObject({ ok: true, truncated: false, keptBytes: 35, totalBytes: 35 });
    expect(got.ok && Buffer.from(got.bytes).toString()).toBe('2026-01-01T00:00:00.0000000Z hello\n');
    expect(scope.isDone()).toBe(true);
  });

  it('streams a 50 MB log and keeps its head and tail within maxBytes, cut at line ends', async () => {
    const lineLength = LINE_LENGTH;
    const count = Math.ceil((50 * 1024 * 1024) / lineLength);
    redirectTo(numberedLines(count));
    const got = await downloadJobLog(testOctokit(), params);
    if (!got.ok) throw new Error(got.message);
    expect(got.truncated).toBe(true);
    expect(got.totalBytes).toBe(count * lineLength);
    expect(got.keptBytes).toBe(got.bytes.length);
    expect(got.keptBytes).toBeLessThanOrEqual(params.maxBytes);
    expect(got.keptBytes).toBeGreaterThan(params.maxBytes - 2 * lineLength);
    const text = Buffer.from(got.bytes).toString();
    const lines = text.split('\n');
    expect(lines[0]).toContain('line 000000001 ');
    expect(lines.at(-1)).toBe(''); // ends with a newline
    expect(lines.at(-2)).toContain(`line ${String(count).padStart(9, '0')} `);
    // Every kept line is whole: the partial lines at the cut were dropped.
    expect(lines.slice(0, -1).every((l) => l.length === lineLength - 1)).toBe(true);
  });

  it('returns invalid bytes untouched (the engine decides what to do with them)', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x0a]);
    redirectTo(bytes);
    const got = await downloadJobLog(testOctokit(), params);
    expect(got.ok && Buffer.from(got.bytes).equals(bytes)).toBe(true);
  });

  it.each([
    [410, 'expired', "The log has expired (HTTP 410): GitHub keeps logs for the repository's retention period (90 days by default)."],
    [404, 'not-available', 'The log is not available yet (HTTP 404); comment `/diagnose` to try again in a minute.'],
    [500, 'error', 'Could not download the log (HTTP 500).'],
  ])('HTTP %i -> %s', async (status, reason, message) => {
    nock(API).get(LOG_PATH).reply(status, { message: 'x' });
    expect(await downloadJobLog(testOctokit(), params)).toEqual({ ok: false, reason, message });
  });

  it('reports a network timeout on the log host', async () => {
    nock(API).get(LOG_PATH).reply(302, '', { location: `${LOGS}/job-9.txt` });
    nock(LOGS).get('/job-9.txt').replyWithError({ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' });
    expect(await downloadJobLog(testOctokit(), params)).toEqual({
      ok: false,
      reason: 'error',
      message: 'Could not download the log (ETIMEDOUT).',
    });
  });

  it('gives up on a body that stalls, after timeoutMs', async () => {
    // Sends one line, then never ends.
    let pushed = false;
    redirectTo(() => new Readable({
      read() {
        if (!pushed) this.push('first line\n');
        pushed = true;
      },
    }));
    expect(await downloadJobLog(testOctokit(), { ...params, timeoutMs: 200 })).toEqual({
      ok: false,
      reason: 'error',
      message: 'Could not download the log: timed out after 0.2 s.',
    });
  });

  it('answers a nonsensical cap with a failure, not an exception (and no request)', async () => {
    await expect(downloadJobLog(testOctokit(), { ...params, maxBytes: 0 })).resolves.toEqual({
      ok: false, reason: 'error', message: 'Could not read the log: the byte cap 0 is not a whole number >= 2.',
    });
  });

  it('with byte ranges, stops reading at the head and fetches only the tail', async () => {
    // A real log host on loopback (nock would read the whole body up front): it stops producing
    // when the client goes away, so `produced` shows how much was read.
    const count = Math.ceil((20 * 1024 * 1024) / LINE_LENGTH);
    const size = count * LINE_LENGTH;
    let produced = 0;
    let ranges: string[] = [];
    const host = createServer((req, res) => {
      const range = req.headers.range;
      if (range) ranges.push(range);
      const from = range ? Number(/^bytes=(\d+)-$/.exec(range)![1]) : 0;
      res.writeHead(range ? 206 : 200, { 'content-type': 'text/plain', 'accept-ranges': 'bytes', 'content-length': String(size - from) });
      const source = numberedLines(count)();
      let at = 0;
      res.on('close', () => source.destroy());
      source.on('data', (c: Buffer) => {
        const part = c.subarray(Math.min(Math.max(0, from - at), c.length));
        at += c.length;
        if (part.length === 0) return;
        if (!range) produced += part.length;
        if (!res.write(part)) {
          source.pause();
          res.once('drain', () => source.resume());
        }
      });
      source.on('end', () => res.end());
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    nock.enableNetConnect('127.0.0.1');
    try {
      const url = `http://127.0.0.1:${(host.address() as AddressInfo).port}/job-9.txt`;
      nock(API).get(LOG_PATH).reply(302, '', { location: url });
      const got = await downloadJobLog(testOctokit(), params);
      if (!got.ok) throw new Error(got.message);
      expect(got).toMatchObject({ truncated: true, totalBytes: size });
      const lines = Buffer.from(got.bytes).toString().split('\n');
      expect(lines[0]).toContain('line 000000001 ');
      expect(lines.at(-2)).toContain(`line ${String(count).padStart(9, '0')} `);
      expect(lines.slice(0, -1).every((l) => l.length === LINE_LENGTH - 1)).toBe(true);
      expect(ranges).toEqual([`bytes=${size - params.maxBytes / 2}-`]);
      // The first response was abandoned near the head: most of the 20 MiB were never sent.
      expect(produced).toBeLessThan(size / 4);
    } finally {
      nock.disableNetConnect();
      host.closeAllConnections();
      await new Promise((r) => host.close(r));
      ranges = [];
    }
  });
});
