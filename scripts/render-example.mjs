// Renders the README's example comment: a real corpus log diagnosed by the built-in catalog, put into the sticky
// comment by the App's own code (mergeSection, lib/comment/), the markdown turned into HTML styled like a GitHub
// comment, and that screenshotted with headless Chromium to docs/example-comment.png.
//   npm run build && node scripts/render-example.mjs [--log FILE] [--out FILE.png] [--html FILE.html]
// CHROMIUM_PATH names the browser (default /usr/bin/chromium; driven by playwright-core, nothing is downloaded).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import MarkdownIt from 'markdown-it';
import { loadCatalog } from '../lib/catalog/load-catalog.js';
import { mergeSection } from '../lib/comment/merge.js';
import { diagnose } from '../lib/engine/diagnose.js';
import { buildFixes } from '../lib/fixes/build-fixes.js';

const ROOT = new URL('../', import.meta.url);
/** A real log (docker/build-push-action#857), copied verbatim; test/fixtures/logs/corpus.yaml names its source. */
export const DEFAULT_LOG = 'test/fixtures/logs/real/docker-daemon-build-push-action.log';
export const DEFAULT_OUT = 'docs/example-comment.png';
/** Where the example run lives: the log is real, the repository and ids in the links are placeholders. */
const RUN = { repo: 'octo-org/app', runId: 7101, jobId: 20150, workflow: 'Build and publish', job: 'docker' };

/** The sticky comment's markdown for one failed job whose log is `logPath` (relative to the repository). */
export async function exampleMarkdown(logPath = DEFAULT_LOG) {
  const catalog = await loadCatalog();
  const log = readFileSync(new URL(logPath, ROOT));
  const diagnosis = buildFixes(await diagnose(log, { catalog, source: `job:${RUN.jobId}` }), {});
  const runUrl = `https://github.com/${RUN.repo}/actions/runs/${RUN.runId}`;
  const section = {
    workflowKey: '.github/workflows/build.yml',
    workflowName: RUN.workflow,
    runId: RUN.runId,
    runAttempt: 1,
    runUrl,
    headSha: '4f2b9c1d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c',
    status: 'failed',
    completedAt: '2026-01-05T10:42:00Z',
    jobs: [{ jobId: RUN.jobId, name: RUN.job, htmlUrl: `${runUrl}/job/${RUN.jobId}`, diagnosis, error: null }],
    notes: [],
  };
  return mergeSection(null, section).body;
}

/** GitHub's rendering of a comment, closely enough for a picture: CommonMark with raw HTML (`<details>`, `<sub>`). */
function markdownToHtml(markdown) {
  const md = new MarkdownIt({
    html: true,
    linkify: false,
    // GitHub colours ```diff blocks line by line.
    highlight: (code, lang) => lang !== 'diff' ? '' : code.split('\n').map((line) => {
      const kind = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
      const text = md.utils.escapeHtml(line);
      return kind ? `<span class="${kind}">${text}</span>` : text;
    }).join('\n'),
  });
  return md.render(markdown);
}

const CSS = `
body { margin: 0; padding: 16px; background: #fff; color: #1f2328; width: 860px;
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.comment { border: 1px solid #d0d7de; border-radius: 6px; }
.comment-header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; border-radius: 6px 6px 0 0;
  padding: 8px 16px; color: #59636e; }
.comment-header strong { color: #1f2328; }
.label { border: 1px solid #d0d7de; border-radius: 2em; padding: 0 7px; font-size: 12px; margin-left: 4px; }
.markdown-body { padding: 16px; word-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0; }
.markdown-body > :last-child { margin-bottom: 0; }
h2, h3 { font-weight: 600; line-height: 1.25; margin: 24px 0 16px; }
h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0; }
h3 { font-size: 1.25em; }
p, ul, ol, pre, details, table, blockquote { margin: 0 0 16px; }
ul, ol { padding-left: 2em; }
a { color: #0969da; text-decoration: none; }
code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
code { font-size: 85%; padding: .2em .4em; background: #818b981f; border-radius: 6px; }
pre { font-size: 85%; padding: 16px; background: #f6f8fa; border-radius: 6px; overflow: auto; line-height: 1.45; }
pre code { padding: 0; background: transparent; font-size: 100%; }
pre .add { color: #116329; background: #dafbe1; display: inline-block; width: 100%; }
pre .del { color: #82071e; background: #ffebe9; display: inline-block; width: 100%; }
pre .hunk { color: #8250df; }
sub { font-size: 75%; color: #59636e; }
summary { cursor: pointer; }
blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
table { border-collapse: collapse; }
td, th { border: 1px solid #d1d9e0; padding: 6px 13px; }
hr { height: .25em; background: #d1d9e0; border: 0; margin: 24px 0; }
`;

/** A standalone HTML page: the comment as GitHub shows it in a pull request's conversation. */
export async function exampleHtml(logPath = DEFAULT_LOG) {
  const body = markdownToHtml(await exampleMarkdown(logPath));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>runner-doctor: example comment</title>
<style>${CSS}</style></head>
<body><div class="comment">
<div class="comment-header"><strong>runner-doctor</strong><span class="label">bot</span> commented</div>
<div class="markdown-body">
${body}</div>
</div></body></html>
`;
}

/** Screenshots the comment (only its box, at twice the pixels for high-density screens) to a PNG file. */
export async function screenshot(html, out, chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium') {
  const { chromium } = await import('playwright-core');
  // --no-sandbox: CI runs this as root, where Chromium's sandbox refuses to start.
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 600 }, deviceScaleFactor: 2 });
    await page.setContent(html, { waitUntil: 'load' });
    await page.locator('.comment').screenshot({ path: out });
  } finally {
    await browser.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { log: { type: 'string' }, out: { type: 'string' }, html: { type: 'string' } },
  });
  const html = await exampleHtml(values.log ?? DEFAULT_LOG);
  if (values.html) writeFileSync(values.html, html);
  const out = values.out ?? DEFAULT_OUT;
  await screenshot(html, out);
  console.log(`wrote ${out}`);
}
