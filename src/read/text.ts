/**
 * Report text copied from a published page or PDF → a Grid of prose and table cells in reading order.
 *
 * Two shapes are read:
 * - cells ending with " |" (what copying a web table gives): a cell runs until its "|", over several lines if the
 *   copy broke it ("（二）部分公开（区分处理的，" / "只计这一情形…） |"); "|" alone is a blank cell;
 * - one cell per line, no "|" at all: every line is a cell (and prose).
 * Lines outside the tables are prose; words and numbers the copy broke over lines ("统计期限自20" / "20" / "年…")
 * are joined again when identity reads the prose. Nothing here knows the form: binding is locate/linear.ts's.
 */
import { lineRef, type Grid, type LinearCell, type Paragraph } from './grid';

/** At least this many lines ending with "|" make a text the " |" shape. */
const MIN_BAR_LINES = 3;

/** A line between two tables is prose, not the start of the next cell, when it reads like a heading or a sentence. */
function isProseLine(line: string): boolean {
  return /^[一二三四五六七八九十]+[、.．]/.test(line) || line.length > 60 || /[。；;]$/.test(line);
}

export function looksLikeBarText(lines: readonly string[]): boolean {
  let bars = 0;
  for (const line of lines) if (line.trimEnd().endsWith('|') && ++bars >= MIN_BAR_LINES) return true;
  return false;
}

function barCells(lines: readonly string[]): { cells: LinearCell[]; prose: Paragraph[] } {
  const cells: LinearCell[] = [];
  const prose: Paragraph[] = [];
  const firstBar = lines.findIndex((l) => l.includes('|'));
  let lastBar = -1;
  lines.forEach((l, i) => {
    if (l.includes('|')) lastBar = i;
  });
  let pending: { text: string; line: number } | null = null;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const number = i + 1;
    if (!line.includes('|')) {
      if (!line) return;
      if (i < firstBar || i > lastBar || (!pending && isProseLine(line))) prose.push({ text: line, ref: lineRef(number) });
      else pending = pending ? { text: pending.text + line, line: pending.line } : { text: line, line: number };
      return;
    }
    const parts = line.split('|');
    const rest = parts.pop()!.trim();
    parts.forEach((part, n) => {
      const text = (n === 0 && pending ? pending.text : '') + part.trim();
      cells.push({ text, line: n === 0 && pending ? pending.line : number });
      if (n === 0) pending = null;
    });
    pending = rest ? { text: rest, line: number } : null;
  });
  if (pending) cells.push(pending);
  return { cells, prose };
}

export function textGrid(text: string): Grid {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  if (looksLikeBarText(lines)) {
    const { cells, prose } = barCells(lines);
    return { sheets: [], prose, linear: cells };
  }
  const cells: LinearCell[] = lines.map((line, i) => ({ text: line.trim(), line: i + 1 }));
  return { sheets: [], prose: cells.filter((c) => c.text).map((c) => ({ text: c.text, ref: lineRef(c.line) })), linear: cells };
}
