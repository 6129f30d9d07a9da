/**
 * Pictures that beat tables, as SVG drawn here (no script, nothing fetched): applications per agency stacked by
 * outcome, and county totals year over year. Pure: data in, SVG text out; every label escaped.
 */
import { esc } from '../render/html';

export interface Series {
  name: string;
  color: string;
}

const PALETTE = ['#2e7d32', '#81c784', '#c62828', '#ef6c00', '#6a1b9a', '#546e7a', '#1565c0', '#f9a825'];

export function seriesOf(names: readonly string[]): Series[] {
  return names.map((name, n) => ({ name, color: PALETTE[n % PALETTE.length]! }));
}

function legend(series: readonly Series[], y: number): string {
  return series.map((s, n) => `<rect x="${10 + n * 120}" y="${y}" width="12" height="12" fill="${s.color}"/><text x="${26 + n * 120}" y="${y + 11}">${esc(s.name)}</text>`).join('');
}

/** One horizontal bar per row, its parts stacked left to right in the order of `series`. */
export function stackedBars(title: string, series: readonly Series[], rows: readonly { label: string; parts: readonly number[] }[]): string {
  const labelWidth = 150;
  const barWidth = 560;
  const rowHeight = 22;
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((a, b) => a + b, 0)));
  const top = 30;
  const height = top + rows.length * rowHeight + 40;
  const bars = rows.map((row, i) => {
    const y = top + i * rowHeight;
    let x = labelWidth;
    const total = row.parts.reduce((a, b) => a + b, 0);
    const rects = row.parts.map((v, k) => {
      const w = (v / max) * barWidth;
      const rect = v > 0 ? `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${series[k]!.color}"><title>${esc(`${row.label} ${series[k]!.name}：${v}`)}</title></rect>` : '';
      x += w;
      return rect;
    });
    return `<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end">${esc(row.label)}</text>${rects.join('')}<text x="${(x + 4).toFixed(1)}" y="${y + 12}">${total}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}">
<title>${esc(title)}</title><text x="10" y="18" font-weight="bold">${esc(title)}</text>
${bars.join('\n')}
${legend(series, height - 24)}
</svg>`;
}

/** Vertical bars per group (a year), one bar per series, side by side. */
export function groupedBars(title: string, series: readonly Series[], groups: readonly { label: string; values: readonly number[] }[]): string {
  const chartHeight = 200;
  const barWidth = 18;
  const groupWidth = series.length * barWidth + 30;
  const left = 50;
  const top = 30;
  const width = left + Math.max(1, groups.length) * groupWidth + 20;
  const height = top + chartHeight + 60;
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const bars = groups.map((g, i) => {
    const x0 = left + i * groupWidth + 10;
    const rects = g.values.map((v, k) => {
      const h = (v / max) * chartHeight;
      const x = x0 + k * barWidth;
      return `<rect x="${x}" y="${(top + chartHeight - h).toFixed(1)}" width="${barWidth - 3}" height="${h.toFixed(1)}" fill="${series[k]!.color}"><title>${esc(`${g.label} ${series[k]!.name}：${v}`)}</title></rect>`;
    });
    return `${rects.join('')}<text x="${x0 + (series.length * barWidth) / 2}" y="${top + chartHeight + 16}" text-anchor="middle">${esc(g.label)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${Math.max(width, series.length * 120 + 20)}" height="${height}" viewBox="0 0 ${Math.max(width, series.length * 120 + 20)} ${height}">
<title>${esc(title)}</title><text x="10" y="18" font-weight="bold">${esc(title)}</text>
<line x1="${left}" y1="${top + chartHeight}" x2="${width - 10}" y2="${top + chartHeight}" stroke="#999"/><text x="${left - 6}" y="${top + 10}" text-anchor="end">${max}</text>
${bars.join('\n')}
${legend(series, height - 24)}
</svg>`;
}
