/**
 * The workbooks nianbao writes (the county report, the blank template, the marked-up returns), written with exceljs
 * so that they print like the forms they are: 宋体, bold merged headings, thin borders on the tables, column widths
 * that fit the labels, A4 set-up (landscape where the table is wide, fitted to the page width, the heading rows
 * repeated on every page). SheetJS stays the reader. The only module that writes spreadsheets.
 */
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { issueMessage, SEVERITY_WORD, type Issue } from '../issues';
import { MAX_INFLATED_BYTES, sheetjs, startInflateBudget } from '../sheetjs';
import type * as SheetJS from 'xlsx';
import type { CellRange } from '../read/grid';
import type { LayoutBlock } from './form-layout';
import { textWidth } from '../text-width';

/** How a sheet prints, beyond its values and merges. Row numbers count from 0, as in the layout. */
export interface SheetStyle {
  /** the sheet's title rows: large, bold, centred */
  titles?: number[];
  /** headings above tables (二、主动公开政府信息情况): bold, left */
  headings?: number[];
  /** the tables: every cell bordered, labels wrapped, numbers centred */
  tables?: CellRange[];
  /** heading rows of the tables (column labels): bold, centred, shaded */
  headers?: number[];
  /** rows repeated at the top of every printed page (first, last) */
  repeat?: [number, number];
  /** rows whose label cell is bold (合计) */
  emphasis?: number[];
  /** rows of running text outside the tables (a note under the title): wrapped within their merge */
  notes?: number[];
  /** rows that begin a new printed page */
  pageBreaks?: number[];
  /** the print scale in percent, chosen by the caller (else fitted to the page width) */
  scale?: number;
  /** landscape or portrait, chosen by the caller (else by the columns' total width) */
  orientation?: 'landscape' | 'portrait';
}

export interface SheetSpec extends LayoutBlock {
  name: string;
  style?: SheetStyle;
  /** column widths in characters, chosen by the caller (else fitted to the labels: fittedWidths) */
  widths?: number[];
}

export const FONT = '宋体';
const BODY_SIZE = 11;
const TITLE_SIZE = 16;
/** A column is never narrower or wider than this (characters); a longer label wraps. */
const MIN_WIDTH = 6;
const MAX_WIDTH = 40;
/** Wider than this (characters, all columns) prints landscape: A4 portrait holds about 95 at 11 pt. */
const PORTRAIT_WIDTH = 95;
/** Points per printed line at 11 pt, and a row's padding above and below its lines. */
const LINE_HEIGHT = 14.5;
const ROW_PADDING = 3;
/** The height of a title row (points). */
const TITLE_HEIGHT = TITLE_SIZE * 2;
/** Excel's row height limit (points). */
const MAX_ROW_HEIGHT = 409;
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
/** The same content writes the same bytes (a document date would change them on every run). */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));


const shown = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * Column widths that fit the labels: the widest text of each column that sits in one column (a merged heading
 * spreads over its columns and does not widen one), between MIN_WIDTH and MAX_WIDTH.
 */
export function fittedWidths(spec: LayoutBlock): number[] {
  // the cells that begin a merge across columns, by row
  const merged = new Map<number, Set<number>>();
  for (const m of spec.merges) if (m.e.c > m.s.c) for (let r = m.s.r; r <= m.e.r; r++) (merged.get(r) ?? merged.set(r, new Set()).get(r)!).add(m.s.c);
  const widest = new Array<number>(Math.max(0, ...spec.rows.map((r) => r.length))).fill(0);
  spec.rows.forEach((row, r) => {
    const skip = merged.get(r);
    row.forEach((v, c) => {
      if (v !== null && !skip?.has(c)) widest[c] = Math.max(widest[c]!, typeof v === 'number' ? String(v).length : textWidth(shown(v)));
    });
  });
  return widest.map((w) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2)));
}

/** Printed lines of a text in a cell `room` characters wide (a CJK character is two). */
function linesOf(text: string, room: number): number {
  let lines = 0;
  for (const line of text.split('\n')) {
    // (a text of fewer characters than the room has fits on one line: most cells, without measuring)
    lines += line.length * 2 <= room - 1 ? 1 : Math.max(1, Math.ceil(textWidth(line) / Math.max(room - 1, 1)));
  }
  return lines;
}

/**
 * Each row's height in points, from the text it holds: a wrapped cell (in a table, or a note) needs as many lines as
 * its text takes in its width (a merged cell's: its columns together); a cell merged over several rows needs its
 * lines over all of them together — what its rows lack is spread evenly over them, never put on the first. Title
 * rows are TITLE_HEIGHT; every other row at least one line.
 */
export function rowHeights(spec: SheetSpec, widths: readonly number[]): number[] {
  const style = spec.style ?? {};
  const titles = new Set(style.titles ?? []);
  const notes = new Set(style.notes ?? []);
  const tables = style.tables ?? [];
  const mergeAt = new Map<string, CellRange>();
  for (const m of spec.merges) mergeAt.set(`${m.s.r},${m.s.c}`, m);
  const roomOf = (m: CellRange | undefined, c: number) => {
    if (!m) return widths[c] ?? MIN_WIDTH;
    let w = 0;
    for (let col = m.s.c; col <= m.e.c; col++) w += widths[col] ?? MIN_WIDTH;
    return w;
  };
  const lines = new Array<number>(spec.rows.length).fill(1);
  const tall: { m: CellRange; lines: number }[] = [];
  spec.rows.forEach((row, r) => {
    if (titles.has(r)) return;
    const across = notes.has(r) ? [] : tables.filter((t) => r >= t.s.r && r <= t.e.r);
    if (!notes.has(r) && across.length === 0) return; // not wrapped: one line
    row.forEach((v, c) => {
      if (typeof v !== 'string' || v === '' || (!notes.has(r) && !inAny(across, r, c))) return;
      const m = spec.merges.length ? mergeAt.get(`${r},${c}`) : undefined;
      const n = linesOf(v, roomOf(m, c));
      if (m && m.e.r > m.s.r) tall.push({ m, lines: n });
      else lines[r] = Math.max(lines[r]!, n);
    });
  });
  const heights = lines.map((n, r) => (titles.has(r) ? TITLE_HEIGHT : n * LINE_HEIGHT + ROW_PADDING));
  tall.sort((a, b) => a.m.e.r - a.m.s.r - (b.m.e.r - b.m.s.r));
  for (const { m, lines: n } of tall) {
    let have = 0;
    for (let r = m.s.r; r <= m.e.r; r++) have += heights[r]!;
    const lack = n * LINE_HEIGHT + ROW_PADDING - have;
    if (lack > 0) for (let r = m.s.r; r <= m.e.r; r++) heights[r]! += lack / (m.e.r - m.s.r + 1);
  }
  return heights.map((h) => Math.min(MAX_ROW_HEIGHT, Math.round(h * 4) / 4));
}

/** The margins of every sheet nianbao writes (inches, as exceljs takes them). */
const MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
/** A4 landscape (11.69 × 8.27 in) within MARGINS: the printable width and height in points. */
export const A4_LANDSCAPE_PRINTABLE = { width: (11.69 - MARGINS.left - MARGINS.right) * 72, height: (8.27 - MARGINS.top - MARGINS.bottom) * 72 };
/**
 * Points a column `w` characters wide prints, about: measured in LibreOffice's PDF of a form sheet (8 characters
 * print 56 pt); Excel with 宋体 as the body font prints them a little narrower.
 */
export const columnPoints = (w: number) => w * 7 + 3;

function inAny(ranges: readonly CellRange[], r: number, c: number): boolean {
  return ranges.some((t) => r >= t.s.r && r <= t.e.r && c >= t.s.c && c <= t.e.c);
}

/**
 * Writes a sheet into a workbook: a whole one (a township's, marked up) or a streaming one (nianbao's own outputs,
 * where each row is committed — written out and let go — as soon as no merge still needs it: a county's 10,000-row
 * sheets take a fraction of the memory and time).
 */
function addSheet(wb: ExcelJS.Workbook, spec: SheetSpec): void {
  const style = spec.style ?? {};
  const widths = spec.widths ?? fittedWidths(spec);
  const total = widths.reduce((a, b) => a + b, 0);
  const heights = rowHeights(spec, widths);
  const ws = wb.addWorksheet(spec.name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: style.orientation ?? (total > PORTRAIT_WIDTH ? 'landscape' : 'portrait'),
      ...(style.scale ? { scale: style.scale, fitToPage: false } : { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }),
      horizontalCentered: true,
      margins: MARGINS,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  if (style.repeat) ws.pageSetup.printTitlesRow = `${style.repeat[0] + 1}:${style.repeat[1] + 1}`;
  widths.forEach((w, c) => (ws.getColumn(c + 1).width = w));
  const titles = new Set(style.titles ?? []);
  const headings = new Set(style.headings ?? []);
  const headers = new Set(style.headers ?? []);
  const emphasis = new Set(style.emphasis ?? []);
  const notes = new Set(style.notes ?? []);
  const breaks = new Set(style.pageBreaks ?? []);
  const tables = style.tables ?? [];
  // one style object per kind of cell, shared (exceljs recognises a style it has seen by the object: a 10,000-row
  // sheet is not hashed cell by cell); a shared style is never changed afterwards
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  const styleOf = (key: string, make: () => Partial<ExcelJS.Style>) => styles.get(key) ?? styles.set(key, make()).get(key)!;
  // merges are made once their last row is filled, while their rows are not yet committed
  const merges = [...spec.merges].sort((a, b) => a.e.r - b.e.r);
  let merged = 0;
  let committed = 0;
  const commit = (row: ExcelJS.Row) => (row as unknown as { commit?: () => void }).commit?.();
  spec.rows.forEach((row, r) => {
    const across = tables.filter((t) => r >= t.s.r && r <= t.e.r);
    const width = Math.max(row.length, ...across.map((t) => t.e.c + 1));
    const title = titles.has(r);
    const heading = headings.has(r);
    const header = headers.has(r);
    const emphasised = emphasis.has(r);
    const note = notes.has(r);
    const sheetRow = ws.getRow(r + 1);
    for (let c = 0; c < width; c++) {
      const v = row[c] ?? null;
      const bordered = across.length > 0 && inAny(across, r, c);
      if (v === null && !bordered) continue;
      const cell = sheetRow.getCell(c + 1);
      if (v !== null) cell.value = v;
      const bold = title || heading || (header && bordered) || (emphasised && typeof v === 'string');
      const kind = title ? 'title' : heading ? 'heading' : bordered ? (header ? 'header' : typeof v === 'number' || v === null ? 'number' : 'label') : note ? 'note' : 'plain';
      cell.style = styleOf(bold ? `${kind} bold` : kind, () => {
        const font = { name: FONT, size: kind === 'title' ? TITLE_SIZE : BODY_SIZE, bold };
        if (kind === 'title') return { font, alignment: { horizontal: 'center', vertical: 'middle' } };
        if (kind === 'heading') return { font, alignment: { horizontal: 'left', vertical: 'middle' } };
        if (kind === 'plain') return { font };
        if (kind === 'note') return { font, alignment: { horizontal: 'left', vertical: 'top', wrapText: true } };
        const alignment: Partial<ExcelJS.Alignment> = { horizontal: kind === 'label' ? 'left' : 'center', vertical: 'middle', wrapText: true };
        return kind === 'header' ? { font, alignment, border: BORDER, fill: HEADER_FILL } : { font, alignment, border: BORDER };
      });
    }
    // every row's height is set: the printout does not depend on the program's default, and a row of blank entry
    // cells (表四 of the template) is written at all
    sheetRow.height = heights[r]!;
    if (breaks.has(r + 1)) sheetRow.addPageBreak();
    for (; merged < merges.length && merges[merged]!.e.r <= r; merged++) {
      const m = merges[merged]!;
      ws.mergeCells(m.s.r + 1, m.s.c + 1, m.e.r + 1, m.e.c + 1);
    }
    // rows above the first row of a merge still to be made are done
    const open = Math.min(r + 1, ...merges.slice(merged).map((m) => m.s.r));
    for (; committed < open; committed++) commit(ws.getRow(committed + 1));
  });
  for (; merged < merges.length; merged++) {
    const m = merges[merged]!;
    ws.mergeCells(m.s.r + 1, m.s.c + 1, m.e.r + 1, m.e.c + 1);
  }
  for (; committed < spec.rows.length; committed++) commit(ws.getRow(committed + 1));
  (ws as unknown as { commit?: () => void }).commit?.();
}

/**
 * exceljs, loaded when a workbook is first written: its streaming writer alone for nianbao's own workbooks (~0.1 s),
 * the whole library (~0.3 s, with its readers) only to mark up a returned one. A run that writes none does not pay.
 */
let excel: typeof ExcelJS | undefined;
function exceljs(): typeof ExcelJS {
  excel ??= require('exceljs') as typeof ExcelJS;
  return excel;
}

type WorkbookWriter = typeof ExcelJS.stream.xlsx.WorkbookWriter;
/** The parts of exceljs 4.4's streaming writer (pinned) that date its zip entries. */
interface WriterInternals {
  zip: { append(source: unknown, data: { name: string; date?: Date }): unknown };
  addThemes(): Promise<void>;
}
let streamWriter: WorkbookWriter | undefined;
/**
 * exceljs's streaming writer, every zip entry of it dated FIXED_DATE: it leaves its zip (archiver) to date each entry
 * now, so the same workbook written two seconds later had other bytes. It appends its first entries as it is
 * constructed, the theme first: the dating is set up there.
 */
export function workbookWriter(): WorkbookWriter {
  if (streamWriter) return streamWriter;
  // (the writer's own module, not the package main, which would load its readers too)
  const Writer = excel?.stream.xlsx.WorkbookWriter ?? (require('exceljs/lib/stream/xlsx/workbook-writer') as WorkbookWriter);
  const addThemes = (Writer.prototype as unknown as WriterInternals).addThemes;
  const Dated = class extends Writer {};
  (Dated.prototype as unknown as WriterInternals).addThemes = function (this: WriterInternals) {
    const append = this.zip.append.bind(this.zip);
    this.zip.append = (source, data) => append(source, { ...data, date: FIXED_DATE });
    return addThemes.call(this);
  };
  streamWriter = Dated;
  return streamWriter;
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new (exceljs().Workbook)();
  wb.creator = 'nianbao';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return wb;
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function workbookBytes(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const wb = new (workbookWriter())({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'nianbao';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  for (const sheet of sheets) addSheet(wb, sheet);
  await wb.commit();
  return Buffer.concat(chunks);
}

/** The first sheet of a marked-up return workbook. */
export const ISSUE_LIST_SHEET = '问题清单';

/** A reference to a cell of a sheet: the name in quotes only when it holds spaces or punctuation. */
function cellReference(sheet: string, cell: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(sheet) ? `${sheet}!${cell}` : `'${sheet.replace(/'/g, "''")}'!${cell}`;
}

/** What a returned workbook says of itself: its title lines over the 问题清单, and who marked it. */
export interface MarkUp {
  /** 「东风镇 2022 年度报表问题清单」 */
  title: string;
  /** the file it was sent as */
  fileName: string;
  /** the comments' author (the config's office) */
  author: string;
}

/** The row (from 0) of the 问题清单 sheet holding its first issue: under the title, the note, a blank row and the header. */
const FIRST_ISSUE_ROW = 4;

/**
 * The 问题清单 sheet: a title, a line saying what to do, then each issue with where it is (a link when it has a cell
 * of this workbook); it prints with its header on every page.
 */
function issueListSpec(name: string, markUp: MarkUp, issues: readonly Issue[], hasSheet: (sheet: string) => boolean): SheetSpec {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const note = `文件：${markUp.fileName}。错误 ${errors} 项、提醒 ${issues.length - errors} 项；有错误的格已标为浅红色并加了批注（提醒为浅黄色）。请改正后重新报送。`;
  const table = [['序号', '级别', '位置', '问题'], ...issues.map((issue, n) => [n + 1, SEVERITY_WORD[issue.severity], issue.sheet && issue.cell && hasSheet(issue.sheet) ? `${issue.sheet}!${issue.cell}` : '全文件', issueMessage(issue)])];
  const top = FIRST_ISSUE_ROW - 1;
  return {
    name,
    rows: [[markUp.title], [note], [], ...table],
    merges: [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }, { s: { r: 1, c: 0 }, e: { r: 1, c: 3 } }],
    style: { titles: [0], notes: [1], tables: [{ s: { r: top, c: 0 }, e: { r: top + table.length - 1, c: 3 } }], headers: [top], repeat: [top, top] },
  };
}

/** Fills of marked cells: Excel's own light red for an error, light yellow for a warning. */
const MARK_FILL: Record<Issue['severity'], ExcelJS.FillPattern> = {
  error: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } },
  warning: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } },
};

/**
 * exceljs 4.4 (pinned) writes every comment's author as 「Author」: its comments part is written with the author set
 * here instead (one author per part; every comment refers to it). Patched once; the author is the config's office.
 */
let commentAuthor = '';
let authorPatched = false;
function writeCommentsBy(author: string): void {
  commentAuthor = author;
  if (authorPatched) return;
  authorPatched = true;
  const Comments = require('exceljs/lib/xlsx/xform/comment/comments-xform') as { prototype: { render(stream: XmlLeaf, model: unknown): void } };
  const original = Comments.prototype.render;
  Comments.prototype.render = function (this: unknown, stream: XmlLeaf, model: unknown) {
    const leafNode = stream.leafNode;
    stream.leafNode = function (this: XmlLeaf, name: string, attributes: unknown, text: unknown) {
      return leafNode.call(this, name, attributes, name === 'author' ? commentAuthor : text);
    };
    try {
      original.call(this, stream, model);
    } finally {
      stream.leafNode = leafNode;
    }
  };
}
interface XmlLeaf {
  leafNode(name: string, attributes: unknown, text: unknown): unknown;
}

/**
 * A township's own workbook returned with its mistakes marked where they are: a comment (批注) on every cell that
 * has an issue, and a first sheet 问题清单 listing them with links to the cells. An .xlsx keeps all its own
 * formatting (opened and written by exceljs); a workbook exceljs cannot open (.xls, .et, Excel 2003 XML, or an
 * .xlsx it does not understand) is written from what SheetJS reads: values, merges and widths, without its styles.
 * Null when the bytes are not a workbook at all. (The bytes were read by SheetJS under the inflate budget before a
 * file is returned, so their unpacked size is bounded.)
 */
export async function markUpWorkbook(bytes: Buffer, issues: readonly Issue[], markUp: MarkUp): Promise<Buffer | null> {
  const wb = (await townshipWorkbook(bytes)) ?? sheetJsWorkbook(bytes);
  if (!wb) return null;
  const name = wb.getWorksheet(ISSUE_LIST_SHEET) ? `${ISSUE_LIST_SHEET}（退回标注）` : ISSUE_LIST_SHEET;
  const first = Math.min(...wb.worksheets.map((w) => orderOf(w).orderNo));
  addSheet(wb, issueListSpec(name, markUp, issues, (sheet) => wb.getWorksheet(sheet) !== undefined));
  const list = wb.getWorksheet(name)!;
  orderOf(list).orderNo = first - 1; // the list comes first
  issues.forEach((issue, n) => {
    const ws = issue.sheet && issue.sheet !== name ? wb.getWorksheet(issue.sheet) : undefined;
    if (!ws || !issue.cell) return;
    const cell = ws.getCell(issue.cell);
    const text = `${SEVERITY_WORD[issue.severity]}：${issueMessage(issue)}`;
    const before = typeof cell.note === 'string' ? cell.note : (cell.note?.texts?.map((t) => t.text).join('') ?? '');
    cell.note = { texts: [{ text: before ? `${before}\n${text}` : text, font: { name: FONT, size: 10 } }] } as ExcelJS.Comment;
    // filled so that it shows on paper too; an error's red is never turned yellow by a later warning on the cell
    const fill = cell.fill as ExcelJS.FillPattern | undefined;
    if (issue.severity === 'error' || fill?.fgColor?.argb !== MARK_FILL.error.fgColor?.argb) cell.style = { ...cell.style, fill: MARK_FILL[issue.severity] };
    const link = list.getCell(n + FIRST_ISSUE_ROW + 1, 3);
    // a HYPERLINK formula: Excel and WPS both follow it within the workbook (exceljs writes in-document links as
    // external relationships, which they do not)
    const place = `${issue.sheet}!${issue.cell}`;
    link.value = { formula: `HYPERLINK("#${cellReference(issue.sheet!, issue.cell).replace(/"/g, '""')}","${place.replace(/"/g, '""')}")`, result: place };
    link.font = { name: FONT, size: BODY_SIZE, color: { argb: 'FF0563C1' }, underline: true };
  });
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  wb.creator = markUp.author;
  writeCommentsBy(markUp.author);
  return bytesOf(wb);
}

/** A sheet's place among the tabs (exceljs orders by it; its types do not declare it). */
const orderOf = (ws: ExcelJS.Worksheet) => ws as unknown as { orderNo: number };

/** The township's .xlsx as it is, with all its formatting; undefined when exceljs cannot open it. */
async function townshipWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook | undefined> {
  const wb = newWorkbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    return wb;
  } catch {
    return undefined;
  }
}

/** A workbook exceljs cannot open, as SheetJS reads it (values, merges, widths; no styles); undefined when unreadable. */
function sheetJsWorkbook(bytes: Buffer): ExcelJS.Workbook | undefined {
  let read: SheetJS.WorkBook;
  try {
    startInflateBudget(MAX_INFLATED_BYTES);
    read = sheetjs().read(bytes, { type: 'buffer', cellFormula: false, cellNF: false, dense: true });
  } catch {
    return undefined;
  }
  const wb = newWorkbook();
  for (const sheetName of read.SheetNames) {
    const source = read.Sheets[sheetName]!;
    const rows = sheetjs().utils.sheet_to_json<(string | number | boolean | null)[]>(source, { header: 1, raw: true, defval: null, blankrows: true });
    const ws = wb.addWorksheet(sheetName);
    rows.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null && v !== undefined) ws.getCell(r + 1, c + 1).value = typeof v === 'boolean' ? String(v) : v;
      }),
    );
    for (const m of source['!merges'] ?? []) ws.mergeCells(m.s.r + 1, m.s.c + 1, m.e.r + 1, m.e.c + 1);
    (source['!cols'] ?? []).forEach((col, c) => {
      if (col?.wch) ws.getColumn(c + 1).width = col.wch;
    });
  }
  return wb;
}
