import type { StatsReport } from '../history/stats-query.js';

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];
const W = 720;
const H = 220;
const PAD = { left: 36, right: 8, top: 10, bottom: 28 };

/** XML-escapes text for SVG and HTML (ids come from the catalog, but repo signatures are users'). */
export function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Daily counts of the top root causes as stacked bars, drawn on the server: plain SVG, no
 * script, no external resource. Each bar has a <title> for the numbers behind it.
 */
export function statsChartSvg(daily: StatsReport['daily']): string {
  const days = daily.days.length;
  const totals = daily.days.map((_, i) => daily.series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const bw = plotW / Math.max(1, days);
  const parts: string[] = [];
  for (let i = 0; i < days; i++) {
    let y = PAD.top + plotH;
    daily.series.forEach((s, k) => {
      const n = s.counts[i] ?? 0;
      if (!n) return;
      const h = (n / max) * plotH;
      y -= h;
      parts.push(
        `<rect x="${(PAD.left + i * bw + 1).toFixed(1)}" y="${y.toFixed(1)}" ` +
          `width="${Math.max(1, bw - 2).toFixed(1)}" ` +
          `height="${h.toFixed(1)}" fill="${COLOURS[k % COLOURS.length]}"><title>${xml(daily.days[i]!)} ` +
            `${xml(s.id)}: ${n}</title></rect>`,
      );
    });
  }
  const axis = [
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" stroke="#888"/>`,
    `<text x="${PAD.left - 4}" y="${PAD.top + 8}" text-anchor="end" font-size="11">${max}</text>`,
    `<text x="${PAD.left - 4}" y="${PAD.top + plotH}" text-anchor="end" font-size="11">0</text>`,
  ];
  if (days) {
    axis.push(`<text x="${PAD.left}" y="${H - 8}" font-size="11">${xml(daily.days[0]!)}</text>`);
    axis.push(
      `<text x="${W - PAD.right}" y="${H - 8}" text-anchor="end" font-size="11">${xml(daily.days[days - 1]!)}</text>`,
    );
  }
  const legend = daily.series
    .map((s, k) => `<span class="key"><i style="background:${COLOURS[k % COLOURS.length]}"></i>${xml(s.id)}</span>`)
    .join(' ');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" ` +
    `aria-label="Failed jobs per day by root cause">${axis.join('')}${parts.join('')}</svg>` +
    `<p class="legend">${legend || 'No root cause in this period.'}</p>`
  );
}
