/**
 * Spreadsheet bytes → Grid, with SheetJS (configured in src/sheetjs.ts, the only module that imports xlsx).
 *
 * Hostile files: inflation is bounded per workbook (a zip bomb fails inside zlib instead of filling memory), the used range
 * is computed from the cells present (a sheet claiming A1:Z1048576 costs what it holds), merges are clipped to it.
 */
import { MAX_INFLATED_BYTES, sheetjs, startInflateBudget } from '../sheetjs';
import type * as SheetJS from 'xlsx';
import type { CellRange, Grid, RawCell, Sheet } from './grid';

/** Rows parsed of a sheet; a sheet that has more is not a report's (its workbook is refused: file.too_large). */
export const MAX_SHEET_ROWS = 10_000;

/** More sheets than this and the workbook is not a report: it is refused (only this many are ever parsed). */
export const MAX_SHEETS = 100;

/**
 * A zip (xlsx, ods) of more entries than this is refused before SheetJS opens it: a report has a few dozen, and
 * the zip reader's cost grows faster than the entry count (5,000 entries take seconds).
 */
export const MAX_ZIP_ENTRIES = 4 * MAX_SHEETS + 100;

/** The entry count a zip's end-of-central-directory record declares, or null if there is none (not a zip). */
export function zipEntryCount(bytes: Buffer): number | null {
  // the record is 22 bytes plus a comment of at most 65,535 bytes, at the very end
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (bytes.readUInt32LE(at) === 0x06054b50) return bytes.readUInt16LE(at + 10);
  }
  return null;
}

export class SpreadsheetError extends Error {
  constructor(
    readonly kind: 'unreadable' | 'encrypted' | 'bomb' | 'sheets' | 'entries' | 'rows',
    message: string,
    /** for 'sheets', 'entries' and 'rows': how many the workbook has (rows: of its longest sheet) */
    readonly count = 0,
  ) {
    super(message);
  }
}

function toRawCell(cell: SheetJS.CellObject): RawCell | undefined {
  const formula = cell.f ? String(cell.f) : undefined;
  switch (cell.t) {
    case 'n':
    case 's':
    case 'b':
      return cell.v === undefined ? { value: null, formula } : { value: cell.v as number | string | boolean, formula };
    case 'e':
      return { value: null, formula, error: sheetjs().SSF.format('General', cell.v as number) || '#ERROR' };
    case 'd':
      return { value: String(cell.v), formula };
    default:
      return formula ? { value: null, formula } : undefined;
  }
}

function toSheet(name: string, ws: SheetJS.WorkSheet): Sheet {
  const data = (ws['!data'] ?? []) as (SheetJS.CellObject[] | undefined)[];
  const rows: (RawCell | undefined)[][] = [];
  let lastRow = -1;
  let lastColumn = -1;
  for (let r = 0; r < data.length; r++) {
    const source = data[r];
    if (!source) continue;
    const row: (RawCell | undefined)[] = [];
    for (let c = 0; c < source.length; c++) {
      const cell = source[c];
      const raw = cell ? toRawCell(cell) : undefined;
      if (raw) {
        row[c] = raw;
        lastRow = r;
        if (c > lastColumn) lastColumn = c;
      }
    }
    if (row.length) rows[r] = row;
  }
  rows.length = lastRow + 1;
  const merges: CellRange[] = [];
  for (const m of ws['!merges'] ?? []) {
    if (m.s.r > lastRow || m.s.c > lastColumn) continue;
    merges.push({ s: { r: m.s.r, c: m.s.c }, e: { r: Math.min(m.e.r, lastRow), c: Math.min(m.e.c, lastColumn) } });
  }
  return { name, rows, merges };
}

function classify(error: unknown): SpreadsheetError {
  const message = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(message)) return new SpreadsheetError('encrypted', message);
  if (error instanceof RangeError || /ERR_BUFFER_TOO_LARGE|budget|Cannot create a Buffer/i.test(message)) {
    return new SpreadsheetError('bomb', message);
  }
  return new SpreadsheetError('unreadable', message);
}

/** Only the first MAX_SHEETS + 1 sheets are parsed (enough to know there are too many). */
const FIRST_SHEETS = Array.from({ length: MAX_SHEETS + 1 }, (_, i) => i);

/** Parses workbook bytes (xlsx, xls, ods, …) into a Grid; throws SpreadsheetError for what cannot be read. */
export function readSpreadsheet(bytes: Buffer): Grid {
  startInflateBudget(MAX_INFLATED_BYTES);
  const entries = bytes[0] === 0x50 && bytes[1] === 0x4b ? zipEntryCount(bytes) : null;
  if (entries !== null && entries > MAX_ZIP_ENTRIES) throw new SpreadsheetError('entries', `${entries} zip entries`, entries);
  let wb: SheetJS.WorkBook;
  try {
    // SheetJS writes state into its options object: a fresh one per file.
    wb = sheetjs().read(bytes, { type: 'buffer', dense: true, cellText: false, cellHTML: false, cellFormula: true, cellStyles: false, cellDates: false, WTF: false, sheets: FIRST_SHEETS, sheetRows: MAX_SHEET_ROWS + 1 });
  } catch (error) {
    throw classify(error);
  }
  if (wb.SheetNames.length > MAX_SHEETS) throw new SpreadsheetError('sheets', `${wb.SheetNames.length} sheets`, wb.SheetNames.length);
  for (const name of wb.SheetNames) {
    // a row beyond MAX_SHEET_ROWS was parsed (SheetJS stopped at sheetRows): the sheet really is that long (its
    // claimed extent, !fullref, says how long; a used range that merely claims a million rows holds none of them)
    const ws = wb.Sheets[name];
    const data = (ws?.['!data'] ?? []) as unknown[][];
    if ((data[MAX_SHEET_ROWS]?.length ?? 0) > 0) {
      const full = ws?.['!fullref'];
      const rows = full ? sheetjs().utils.decode_range(full).e.r + 1 : MAX_SHEET_ROWS + 1;
      throw new SpreadsheetError('rows', `${rows} rows in ${name}`, rows);
    }
  }
  return { sheets: wb.SheetNames.map((name) => toSheet(name, wb.Sheets[name] ?? {})) };
}

/**
 * The parts of a zip or OLE compound file (a Word document rather than a workbook), read with the same bounded
 * inflation as a workbook; paths as inside the container (`word/document.xml`, `WordDocument`).
 */
export interface Container {
  has(path: string): boolean;
  /** the part's bytes, or undefined when there is no such part */
  part(path: string): Buffer | undefined;
}

export function openContainer(bytes: Buffer): Container {
  startInflateBudget(MAX_INFLATED_BYTES);
  const entries = bytes[0] === 0x50 && bytes[1] === 0x4b ? zipEntryCount(bytes) : null;
  if (entries !== null && entries > MAX_ZIP_ENTRIES) throw new SpreadsheetError('entries', `${entries} zip entries`, entries);
  let cfb: { FullPaths: string[]; FileIndex: { content?: ArrayLike<number> }[] };
  try {
    cfb = sheetjs().CFB.read(bytes, { type: 'buffer' });
  } catch (error) {
    throw classify(error);
  }
  // FullPaths start with the root's name ("Root Entry/word/document.xml"); parts are looked up without it
  const index = new Map<string, number>();
  cfb.FullPaths.forEach((full, n) => index.set(full.slice(full.indexOf('/') + 1), n));
  return {
    has: (path) => index.has(path),
    part(path) {
      const n = index.get(path);
      const content = n === undefined ? undefined : cfb.FileIndex[n]?.content;
      return content ? Buffer.from(content as Uint8Array) : undefined;
    },
  };
}
