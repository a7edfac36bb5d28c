import type { CauseCount, StatsReport, WindowStats } from '../history/stats-query.js';
import { statsChartSvg, xml } from './stats-chart-svg.js';

/** The stats page's content security policy: nothing external, no script at all. */
export const STATS_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; " +
  "form-action 'none'";

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:64em;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{padding:.25em .75em;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.key i{display:inline-block;width:.8em;height:.8em;margin-right:.3em}
.windows{display:flex;gap:2em;flex-wrap:wrap}.up{color:#b00}.down{color:#070}`;

/** The read-only /stats page: plain HTML and an inline SVG, every value escaped. */
export function renderStatsHtml(s: StatsReport): string {
  const longest = s.windows.reduce((a, b) => (b.days > a.days ? b : a), s.windows[0]!);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>runner-doctor stats</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><h1>runner-doctor stats</h1>
<p>Generated ${xml(s.generatedAt)}. Failed jobs diagnosed on pull requests and check runs.</p>
<div class="windows">${s.windows.map(windowBlock).join('\n')}</div>
<h2>Per day, last ${longest.days} days</h2>
${statsChartSvg(s.daily)}
<h2>By repository (${longest.days} days)</h2>
${table(
  ['Repository', 'Failed jobs', 'Unclassified'],
  s.byRepository.map((r) => [xml(r.repo), num(r.count), num(r.unclassified)]),
  'by-repository',
)}
<h2>By runner label (${longest.days} days)</h2>
${table(
  ['Label', 'Failed jobs'],
  s.byRunnerLabel.map((r) => [xml(r.label), num(r.count)]),
  'by-label',
)}
<h2>Newest examples</h2>
${table(
  ['When', 'Repository', 'Job', 'Root cause', 'Classification'],
  s.examples.map((e) => [
    xml(e.diagnosedAt.replace('T', ' ').slice(0, 16)),
    xml(e.repo),
    e.jobUrl && /^https:\/\//.test(e.jobUrl)
      ? `<a href="${xml(e.jobUrl)}">${xml(`${e.workflowName} / ${e.jobName}`)}</a>`
      : xml(e.jobName),
    e.rootCause ? `<code>${xml(e.rootCause)}</code>` : 'none (unclassified)',
    xml(e.classification ?? ''),
  ]),
  'examples',
)}
</body></html>
`;
}

function windowBlock(w: WindowStats): string {
  const label = w.days === 1 ? '24 hours' : `${w.days} days`;
  const classes = Object.entries(w.classifications)
    .map(([k, n]) => `${xml(k)}: <span data-class="${xml(k)}">${n}</span>`)
    .join(' · ');
  return `<section data-window="${w.days}"><h2>Last ${label}</h2>
<p><span class="total">${w.total}</span> failed jobs · unclassified
<span class="unclassified-share">${pct(w.unclassifiedShare)}</span> (${w.unclassified})</p>
<p>${classes}</p>
${table(['Root cause', 'Count', 'Trend'], w.topCauses.map((c) => [cause(c), num(c.count), trend(c)]))}</section>`;
}

function cause(c: CauseCount): string {
  return c.id ? `<code>${xml(c.id)}</code>${c.title ? ` ${xml(c.title)}` : ''}` : 'none (unclassified)';
}

function trend(c: CauseCount): string {
  if (c.previous === 0) return 'new';
  if (c.count > c.previous) return `<span class="up">▲ from ${c.previous}</span>`;
  if (c.count < c.previous) return `<span class="down">▼ from ${c.previous}</span>`;
  return `= ${c.previous}`;
}

/** A table cell; counts (after the first column) right-aligned. */
function cell(c: string, i: number): string {
  return i > 0 && /^\d+$/.test(c) ? `<td class="n">${c}</td>` : `<td>${c}</td>`;
}

function table(head: string[], rows: string[][], id?: string): string {
  if (!rows.length) return '<p>Nothing recorded in this period.</p>';
  const th = head.map((h) => `<th>${h}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map(cell).join('')}</tr>`)
    .join('\n');
  return `<table${id ? ` id="${id}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function num(n: number): string {
  return String(n);
}

export function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
