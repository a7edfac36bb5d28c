import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../src/history/history-store.js';
import { openSqlite } from '../../src/history/sqlite-client.js';
import { statsHandler } from '../../src/server/stats-handler.js';
import { rec } from '../history/store-backends.js';

/** Debian's chromium (`.ci/run` installs it), driven by playwright-core: no browser download. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TOKEN = 'stats-token-for-the-test';
const HOUR = 3_600_000;

let dir: string;
let store: HistoryStore;
let server: Server;
let base: string;
let context: BrowserContext;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rd-stats-'));
  store = await HistoryStore.open(openSqlite(join(dir, 'history.sqlite')));
  const now = Date.now();
  // Seeded: 3 pod-exists (2 in the last day), 1 no-space on another repo and label, 1 unclassified.
  for (const ago of [1, 2, 50]) await store.record(rec({ diagnosedAt: now - ago * HOUR }));
  await store.record(rec({
    diagnosedAt: now - 3 * HOUR, repo: 'octo/lib', rootCause: 'docker/no-space', rootTitle: 'Disk full', category: 'docker',
    labels: ['big-runner'], classification: 'infrastructure',
  }));
  await store.record(rec({
    diagnosedAt: now - 4 * HOUR, rootCause: null, rootTitle: null, category: null, classification: 'new',
    jobName: '<script>alert(1)</script>', jobUrl: 'https://github.com/octo/app/actions/runs/9/job/99',
  }));
  const handle = statsHandler(store, TOKEN);
  server = createServer((req, res) => {
    void handle(req, res).then((done) => done || res.writeHead(404).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await new Promise((r) => server?.close(r));
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/stats in a real browser', () => {
  it("loads, shows the seeded store's numbers and chart, runs no script and logs no console error", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    const res = await page.goto(`${base}/stats?token=${TOKEN}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
    const day = page.locator('section[data-window="1"]');
    expect(await day.locator('.total').textContent()).toBe('4');
    expect(await day.locator('.unclassified-share').textContent()).toBe('25.0%');
    expect(await page.locator('section[data-window="30"] .total').textContent()).toBe('5');
    expect(await day.locator('tbody tr').first().textContent()).toContain('hook/job-pod-exists');
    expect(await day.locator('tbody tr').first().textContent()).toContain('2');
    expect(await page.locator('section[data-window="7"] [data-class="new"]').textContent()).toBe('1');
    // The chart: one bar per cause and day with data, drawn on the server.
    expect(await page.locator('svg rect').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('svg title').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/docker\/no-space: 1$/)]));
    // By repository and label; the newest example links to its job; hostile names stay text.
    expect(await page.locator('#by-repository tbody tr').allTextContents()).toEqual(['octo/app41', 'octo/lib10']);
    expect(await page.locator('#by-label tbody tr').allTextContents()).toEqual(['arc-set4', 'big-runner1']);
    expect(await page.locator('#examples tbody tr').count()).toBe(5);
    expect(await page.locator('a[href="https://github.com/octo/app/actions/runs/9/job/99"]').textContent()).toContain('<script>');
    expect(await page.locator('script').count()).toBe(0);
    expect(requests.every((u) => u.startsWith(base))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('answers 401 without the token and 404 when no token is configured', async () => {
    const page = await context.newPage();
    expect((await page.goto(`${base}/stats`))?.status()).toBe(401);
    expect((await page.goto(`${base}/stats?token=wrong`))?.status()).toBe(401);
    const off = statsHandler(store, null);
    const answered = await off({ url: '/stats', method: 'GET', headers: {} } as never, {} as never);
    expect(answered).toBe(false);
  });
});
