/**
 * The one shape every input becomes after `read`: sheets of cells addressed by zero-based row and column, with
 * merged ranges. Nothing after `read` knows what kind of file it came from.
 */
import type { CellRef } from '../place';

export interface RawCell {
  /** the cell's value as stored (a formula cell's cached result); null for a formula with no cached value */
  value: string | number | boolean | null;
  /** the formula text, if the cell holds one (never evaluated) */
  formula?: string;
  /** an error value such as #REF! or #DIV/0! */
  error?: string;
}

export interface CellRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export interface Sheet {
  name: string;
  /** rows[r][c]; missing rows and cells are blank */
  rows: (RawCell | undefined)[][];
  merges: CellRange[];
}

/** A paragraph of running text outside the tables (report text, web pages), where it starts when known. */
export interface Paragraph {
  text: string;
  ref?: CellRef;
}

/** A table cell of report text, in reading order: what it says and the line it starts on (1-based). */
export interface LinearCell {
  text: string;
  line: number;
  /** the page, for text read from a PDF (lines are then counted per page) */
  page?: number;
  /** where the cell starts on its line (PDF units), when known: the parts of one broken label share it */
  x?: number;
  /** where the cell ends on its line (PDF units), when known: with `x`, the extent that binds a value to its column */
  right?: number;
  /**
   * The table cell the text is printed in, as the page's ruling draws it (PDF units, y upwards): the nearest
   * horizontal rules above and below the text across its middle. Undefined where the page draws none.
   */
  band?: { top: number; bottom: number };
}

export interface Grid {
  sheets: Sheet[];
  /** running text (report text, web pages): identity is read from it too (由…编制完成本报告, 统计期限自…) */
  prose?: Paragraph[];
  /**
   * report text copied from a page or PDF: its table cells in reading order. Text has no columns to bind by, so
   * its values are bound by the labels around them (locate/linear.ts), never by counting across rows.
   */
  linear?: LinearCell[];
}

/** The place of a line of report text: sheet "text", cell "L<line>"; in a PDF, sheet "page<N>". */
export function lineRef(line: number, page?: number): CellRef {
  return { sheet: page === undefined ? 'text' : `page${page}`, cell: `L${line}` };
}

/**
 * The text of a table cell as a reader sees it: each line trimmed, runs of spaces (and no-break spaces) folded to
 * one, blank lines dropped. A cell holding only a no-break space is blank.
 */
export function foldCellText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

export type { CellRef } from '../place';

export function columnName(c: number): string {
  let name = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export function cellAddress(r: number, c: number): string {
  return `${columnName(c)}${r + 1}`;
}

/** Parses "B12" into zero-based row and column. */
export function parseAddress(address: string): { r: number; c: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(address);
  if (!m) throw new Error(`not an A1 address: ${address}`);
  let c = 0;
  for (const ch of m[1]!) c = c * 26 + (ch.charCodeAt(0) - 64);
  return { r: Number(m[2]) - 1, c: c - 1 };
}

/** The text of a cell as a label, or '' for blanks, numbers and errors. */
export function cellText(cell: RawCell | undefined): string {
  return cell && typeof cell.value === 'string' ? cell.value : '';
}

/**
 * Reads cells through merges: a position inside a merged range reads as the range's top-left cell. Built once per
 * sheet; `origin` gives the top-left position of the merge a cell belongs to (itself when not merged).
 */
export interface SheetView {
  sheet: Sheet;
  rowCount: number;
  columnCount: number;
  at(r: number, c: number): RawCell | undefined;
  origin(r: number, c: number): { r: number; c: number };
  mergeOf(r: number, c: number): CellRange | undefined;
}

/** Merges larger than this many cells are looked up by scanning instead of being indexed cell by cell. */
const INDEXED_MERGE_CELLS = 1024;

export function viewSheet(sheet: Sheet): SheetView {
  const indexed = new Map<number, CellRange>();
  const large: CellRange[] = [];
  const key = (r: number, c: number) => r * 65536 + c;
  for (const m of sheet.merges) {
    if ((m.e.r - m.s.r + 1) * (m.e.c - m.s.c + 1) > INDEXED_MERGE_CELLS) large.push(m);
    else for (let r = m.s.r; r <= m.e.r; r++) for (let c = m.s.c; c <= m.e.c; c++) indexed.set(key(r, c), m);
  }
  const mergeAt = {
    get(k: number): CellRange | undefined {
      const m = indexed.get(k);
      if (m || large.length === 0) return m;
      const r = Math.floor(k / 65536);
      const c = k % 65536;
      return large.find((l) => r >= l.s.r && r <= l.e.r && c >= l.s.c && c <= l.e.c);
    },
  };
  let columnCount = 0;
  for (const row of sheet.rows) if (row && row.length > columnCount) columnCount = row.length;
  const raw = (r: number, c: number) => sheet.rows[r]?.[c];
  return {
    sheet,
    rowCount: sheet.rows.length,
    columnCount,
    mergeOf: (r, c) => mergeAt.get(key(r, c)),
    origin(r, c) {
      const m = mergeAt.get(key(r, c));
      return m ? { r: m.s.r, c: m.s.c } : { r, c };
    },
    at(r, c) {
      const m = mergeAt.get(key(r, c));
      return m ? raw(m.s.r, m.s.c) : raw(r, c);
    },
  };
}
