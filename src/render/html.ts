/**
 * HTML for the served pages: the one escaping function, the page frame, the stylesheet, and a layout block as a
 * <table> (merges as rowspan/colspan). Every dynamic text goes through `esc`; pages use no script at all.
 */
import type { LayoutBlock } from './form-layout';
import { readingOrder } from './layout-cells';

export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Served at /style.css (the CSP allows styles from this server only). */
export const STYLESHEET = `
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #b71c1c; color: #fff; padding: 12px 24px; }
header a { color: #fff; margin-right: 18px; text-decoration: none; }
header h1 { display: inline; font-size: 20px; margin-right: 32px; }
main { padding: 16px 24px; max-width: 1280px; }
table { border-collapse: collapse; margin: 8px 0 20px; background: #fff; }
th, td { border: 1px solid #999; padding: 3px 8px; font-size: 14px; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.accepted { color: #1b5e20; } .rejected { color: #b71c1c; font-weight: bold; } .missing { color: #e65100; }
.issue { font-size: 13px; color: #444; } .cell { font-family: monospace; color: #555; } .header { white-space: pre-wrap; }
.box { background: #fff; border: 1px solid #ccc; padding: 12px 16px; margin: 12px 0; }
.glance h2 { margin-top: 0; } .glance .counts { font-size: 16px; } .glance .counts b { font-size: 24px; margin: 0 4px; } .off-roster { color: #555; }
tr.h td { text-align: center; background: #f2f2f2; }
.error { color: #b71c1c; } .warning { color: #e65100; } .ok { color: #1b5e20; font-weight: bold; }
svg text { font-size: 12px; }
`;

export function page(title: string, county: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} - ${esc(county)}年报汇总</title><link rel="stylesheet" href="/style.css"></head>
<body><header><h1>${esc(county)}政府信息公开年报汇总</h1><a href="/">首页</a><a href="/upload">上传报表</a></header>
<main>
${body}
</main></body></html>
`;
}

/** A block of the form as an HTML table; numbers right-aligned. */
export function layoutTable(block: LayoutBlock, caption?: string): string {
  const rows = readingOrder(block).map((cells) => {
    const tds = cells.map((cell) => {
      const span = `${cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : ''}${cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : ''}`;
      return typeof cell.value === 'number' ? `<td class="n"${span}>${esc(cell.value)}</td>` : `<td${span}>${esc(cell.value)}</td>`;
    });
    return (block.headers ?? []).includes(cells[0]?.r ?? -1) ? `<tr class="h">${tds.join('')}</tr>` : `<tr>${tds.join('')}</tr>`;
  });
  return `<table>${caption ? `<caption>${esc(caption)}</caption>` : ''}\n${rows.join('\n')}\n</table>`;
}
