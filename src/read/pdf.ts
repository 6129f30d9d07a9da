/**
 * A text PDF → report text: pdf.js (pdfjs-dist, pure JavaScript) extracts the text items with their positions, in
 * a worker thread driven synchronously (synckit), so reading stays synchronous like every other kind of file. The
 * items are rebuilt into lines (by their baseline) and cells (by the gaps between them); page numbers (-4-, — 5 —,
 * 第 5 页) and running heads repeated at the top of pages are dropped. The cells then go to locate/linear.ts like
 * report text, each with its page and line; every line is also prose for identity.
 */
import * as path from 'node:path';
import { createSyncFn } from 'synckit';
import type { Grid, LinearCell, Paragraph } from './grid';
import { lineRef } from './grid';

/** A PDF of more pages than this is not an annual report (the standard one has 6–20). */
export const MAX_PDF_PAGES = 200;
/** Fewer characters than this in the text layer: a scan (pictures of pages), not text. */
const MIN_TEXT_CHARS = 40;

interface Item {
  s: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

type Extracted = { pages: Item[][] } | { error: 'encrypted' | 'unreadable' | 'pages'; count?: number; message?: string };

export class PdfError extends Error {
  constructor(readonly kind: 'encrypted' | 'unreadable' | 'pages' | 'no_text', message: string, readonly count = 0) {
    super(message);
  }
}

let extract: ((bytes: Buffer, maxPages: number) => Extracted) | undefined;

/** A line of a page: its cells left to right. */
interface Line {
  y: number;
  cells: { text: string; x: number }[];
}

/**
 * Items on one baseline (within 40 % of the text height) form a line; a gap wider than a quarter of a character
 * splits cells (text inside one cell runs on; the padding of a table cell is wider).
 */
function linesOf(items: Item[]): Line[] {
  const visible = items.filter((i) => i.s.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; items: Item[] }[] = [];
  for (const item of visible) {
    const line = lines.find((l) => Math.abs(l.y - item.y) <= 0.4 * Math.max(item.h, 1));
    if (line) line.items.push(item);
    else lines.push({ y: item.y, items: [item] });
  }
  return lines
    .sort((a, b) => b.y - a.y)
    .map((line) => {
      const sorted = line.items.sort((a, b) => a.x - b.x);
      const cells: { text: string; x: number; end: number }[] = [];
      for (const item of sorted) {
        const last = cells[cells.length - 1];
        if (last && item.x - last.end <= 0.25 * Math.max(item.h, 1)) {
          last.text += item.s;
          last.end = item.x + item.w;
        } else cells.push({ text: item.s, x: item.x, end: item.x + item.w });
      }
      return { y: line.y, cells: cells.map((c) => ({ text: c.text.trim(), x: c.x })).filter((c) => c.text) };
    });
}

/** -4-, — 5 —, 第5页, 第 5 页 共 9 页, 5/9 */
const PAGE_NUMBER = /^([-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;

function isPageNumber(line: Line): boolean {
  return line.cells.length === 1 && PAGE_NUMBER.test(line.cells[0]!.text);
}

export function pdfGrid(bytes: Buffer): Grid {
  extract ??= createSyncFn(path.join(__dirname, 'pdf-worker.js'), { timeout: 120_000 }) as unknown as (bytes: Buffer, maxPages: number) => Extracted;
  const result = extract(bytes, MAX_PDF_PAGES);
  if ('error' in result) throw new PdfError(result.error, result.message ?? result.error, result.count ?? 0);
  const pages = result.pages.map(linesOf);
  const chars = pages.flat().reduce((n, line) => n + line.cells.reduce((m, c) => m + c.text.replace(/\s/g, '').length, 0), 0);
  if (chars < MIN_TEXT_CHARS) throw new PdfError('no_text', 'no text layer');
  // a running head: the first line of a later page that repeats another page's first line or names the report
  const firsts = pages.map((lines) => lines.find((l) => !isPageNumber(l))?.cells.map((c) => c.text).join(' ') ?? '');
  const isHead = (text: string, page: number) => page > 0 && (firsts.indexOf(text) !== page || /年度报告$/.test(text.replace(/\s+/g, '')));
  const linear: LinearCell[] = [];
  const prose: Paragraph[] = [];
  pages.forEach((lines, p) => {
    const page = p + 1;
    let number = 0;
    lines.forEach((line, n) => {
      if (isPageNumber(line)) return;
      const text = line.cells.map((c) => c.text).join(' ');
      if (n === 0 && isHead(text, p)) return;
      number++;
      prose.push({ text: line.cells.map((c) => c.text).join(''), ref: lineRef(number, page) });
      for (const cell of line.cells) linear.push({ text: cell.text, line: number, page, x: cell.x });
    });
  });
  return { sheets: [], prose, linear };
}
