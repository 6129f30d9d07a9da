/**
 * A layout block's cells as a reader meets them: row by row, each merged range once (at its top-left, with its
 * row and column span), the cells a merge covers left out. What an HTML table needs; also how report text lists cells.
 */
import type { LayoutBlock, LayoutValue } from './form-layout';

export interface PlacedCell {
  r: number;
  c: number;
  value: LayoutValue;
  rowSpan: number;
  colSpan: number;
}

export function readingOrder(block: LayoutBlock): PlacedCell[][] {
  const width = Math.max(...block.rows.map((r) => r.length));
  const covered = new Set<string>();
  const spans = new Map<string, { rowSpan: number; colSpan: number }>();
  for (const m of block.merges) {
    spans.set(`${m.s.r},${m.s.c}`, { rowSpan: m.e.r - m.s.r + 1, colSpan: m.e.c - m.s.c + 1 });
    for (let r = m.s.r; r <= m.e.r; r++) for (let c = m.s.c; c <= m.e.c; c++) if (r !== m.s.r || c !== m.s.c) covered.add(`${r},${c}`);
  }
  return block.rows.map((row, r) => {
    const cells: PlacedCell[] = [];
    for (let c = 0; c < width; c++) {
      if (covered.has(`${r},${c}`)) continue;
      cells.push({ r, c, value: row[c] ?? null, ...(spans.get(`${r},${c}`) ?? { rowSpan: 1, colSpan: 1 }) });
    }
    return cells;
  });
}
