/**
 * scripts/render-example.mjs makes the README's picture of a comment: the App's comment for a real log, as HTML
 * styled like GitHub, screenshotted by Chromium. Checked here: what the HTML shows (not the pixels), that the
 * script writes a PNG, and that the PNG in docs/ is a whole, valid PNG the README shows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync, crc32 } from 'node:zlib';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG, DEFAULT_OUT, exampleHtml, exampleMarkdown } from '../../scripts/render-example.mjs';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { STICKY_MARKER } from '../../src/comment/model.js';

/** The text a reader sees in the HTML: tags and comments dropped, entities decoded, whitespace folded. */
function visibleText(html: string): string {
  const body = html.replace(/^[\s\S]*<body>/, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ');
  const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };
  return body.replace(/&(lt|gt|amp|quot|#39);/g, (e) => entities[e]!).replace(/\s+/g, ' ');
}

/** Checks a PNG the way a decoder would: signature, chunk CRCs, IHDR first, IEND last, pixel data size. */
function readPng(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < buf.length;) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    expect(buf.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(crc32(buf.subarray(at + 4, at + 8 + length)));
    chunks.push({ type, data });
    at += 12 + length;
  }
  expect(chunks[0]!.type).toBe('IHDR');
  expect(chunks.at(-1)!.type).toBe('IEND');
  const ihdr = chunks[0]!.data;
  const [width, height, depth, colour] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8]!, ihdr[9]!];
  expect(depth).toBe(8);
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colour]!;
  const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  // One filter byte per row, then the row's pixels.
  expect(pixels.length).toBe(height * (1 + width * channels));
  return { width, height };
}

const corpus = yaml.load(readFileSync('test/fixtures/logs/corpus.yaml', 'utf8')) as
  { file: string; rootCause: string; line: number; source?: string }[];
/** What the corpus expects of the example's log. */
const expected = corpus.find((c) => `test/fixtures/logs/${c.file}` === DEFAULT_LOG)!;

describe('scripts/render-example.mjs', () => {
  it('the example is the App\'s sticky comment for a real corpus log', async () => {
    const markdown = await exampleMarkdown();
    expect(markdown.startsWith(STICKY_MARKER)).toBe(true);
    expect(expected.file.startsWith('real/')).toBe(true);
    expect(expected.source).toMatch(/^https:\/\/github\.com\//);
  });

  it('the HTML shows the comment as GitHub does: heading, root cause, evidence line and its link, fix', async () => {
    const html = await exampleHtml();
    const text = visibleText(html);
    const { entry } = (await loadCatalog()).byId.get(expected.rootCause)!;
    expect(text).toContain('runner-doctor bot commented');
    expect(html).toMatch(/<h2>🩺 runner-doctor<\/h2>/);
    expect(text).toContain(`Root cause: ${entry.title} ${expected.rootCause} · high confidence`);
    // The evidence line exactly as the log has it (without its timestamp), in a code block, linked to the job.
    const log = readFileSync(DEFAULT_LOG, 'utf8').split(/\r?\n/);
    const evidence = log[expected.line - 1]!.replace(/^\S+Z /, '');
    expect(html).toContain(`<pre><code class="language-text">${evidence}\n</code></pre>`);
    const jobLink = '<a href="https://github\\.com/[^"]+/actions/runs/\\d+/job/\\d+">';
    expect(html).toMatch(new RegExp(`${jobLink}log line ${expected.line}</a>`));
    expect(text).toContain(`Fix: ${entry.fix!.summary}`);
    // The comment's own markdown markers are hidden, and nothing in it runs.
    expect(text).not.toContain('runner-doctor:sticky');
    expect(html).not.toMatch(/<script|<iframe|javascript:/i);
    expect(html).toContain('<style>');
  });

  it('writes a PNG of the comment with headless Chromium (CHROMIUM_PATH), and the HTML it shot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rd-example-'));
    const out = join(dir, 'comment.png');
    const r = spawnSync(process.execPath, ['scripts/render-example.mjs', '--out', out, '--html', join(dir, 'c.html')],
      { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`wrote ${out}\n`);
    const { width, height } = readPng(readFileSync(out));
    // The comment's box at twice the CSS pixels: 860 px of page width, and taller than a screen's worth of text.
    expect(width).toBe(1720);
    expect(height).toBeGreaterThan(1000);
    expect(readFileSync(join(dir, 'c.html'), 'utf8')).toMatch(/^<!doctype html>/);
  }, 60_000);

  it('docs/example-comment.png is a whole PNG of that size, and the README shows it', () => {
    expect(DEFAULT_OUT).toBe('docs/example-comment.png');
    const { width, height } = readPng(readFileSync(DEFAULT_OUT));
    expect(width).toBe(1720);
    expect(height).toBeGreaterThan(1000);
    expect(readFileSync('README.md', 'utf8')).toMatch(/!\[[^\]]+\]\(docs\/example-comment\.png\)/);
  });
});
