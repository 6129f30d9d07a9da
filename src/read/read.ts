/**
 * read: a file on disk → Grid, or the reason it cannot be read. Detects the kind of file by its content, never by
 * its name (a township's "年报.xls" may be a web page, its ".csv" a workbook):
 *   zip (xlsx, ods, newer WPS) · OLE compound file (xls, WPS .et) · SpreadsheetML 2003 XML → SheetJS;
 *   other text → a web page (html.ts), report text (text.ts) or CSV (csv.ts), decoded by decode.ts.
 * Bad input is returned as an issue, never thrown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeIssue, type Issue } from '../issues';
import { csvFault, csvRows, csvSheet, isTabular } from './csv';
import { bomOf, decodeText } from './decode';
import type { Grid } from './grid';
import { HtmlError, htmlGrid, looksLikeHtml, MAX_NESTING } from './html';
import { MAX_PDF_CHARS, MAX_PDF_PAGES, PdfError, pdfGrid } from './pdf';
import { looksLikeBarText, textGrid } from './text';
import { MAX_SHEET_ROWS, MAX_SHEETS, openContainer, readSpreadsheet, SpreadsheetError, type Container } from './xlsx';
import { docGrid } from './doc';
import { docxGrid, WordError } from './docx';

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export type ReadResult = { ok: true; grid: Grid; bytes: Buffer } | { ok: false; issue: Issue; bytes?: Buffer };

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Archives other than zip, by their opening bytes. */
const OTHER_ARCHIVES: [string, Buffer][] = [
  ['RAR', Buffer.from('Rar!\x1a\x07', 'latin1')],
  ['7z', Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])],
  ['gzip', Buffer.from([0x1f, 0x8b])],
  ['bzip2', Buffer.from('BZh', 'latin1')],
  ['xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])],
];

function otherArchive(bytes: Buffer): string | undefined {
  return OTHER_ARCHIVES.find(([, magic]) => bytes.subarray(0, magic.length).equals(magic))?.[0];
}

export type FileKind = 'zip' | 'cfb' | 'docx' | 'doc' | 'spreadsheet-xml' | 'pdf' | 'text' | 'empty' | 'other';

/** A zip holding a Word document part, an OLE file holding a Word stream (names stored as text, UTF-16 in OLE). */
const DOCX_PART = Buffer.from('word/document.xml');
const DOC_STREAM = Buffer.from('WordDocument', 'utf16le');

/** SpreadsheetML 2003 ("XML 电子表格"), which Excel and WPS still offer when saving. */
const SPREADSHEET_XML = /^\s*<\?xml[^>]*\?>\s*(<\?mso-application[^>]*>\s*)?<(ss:)?Workbook\b/;

/** Text is what has no NUL byte in its first 8 KB, or starts with a UTF-16 byte-order mark. */
function isText(bytes: Buffer): boolean {
  const bom = bomOf(bytes);
  return (bom !== undefined && bom.encoding !== 'utf-8') || !bytes.subarray(0, 8192).includes(0);
}

export function sniff(bytes: Buffer): FileKind {
  if (bytes.length === 0) return 'empty';
  if (bytes.subarray(0, 4).equals(ZIP)) return bytes.includes(DOCX_PART) ? 'docx' : 'zip';
  if (bytes.subarray(0, 8).equals(CFB)) return bytes.includes(DOC_STREAM) ? 'doc' : 'cfb';
  // "%PDF-" within the first KB (some writers put bytes before it)
  if (bytes.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (!isText(bytes)) return 'other';
  return SPREADSHEET_XML.test(bytes.subarray(0, 512).toString('latin1')) ? 'spreadsheet-xml' : 'text';
}

/**
 * More than a report could hold, counted before anything is parsed (parsing multiplies a text's size in memory many
 * times over: a 20 MB CSV of a million rows would take a gigabyte). A report is a few hundred lines and cells.
 */
export const MAX_TEXT_LINES = 50_000;
/** …and fields of a text (its separators , ; tab | and its lines: an upper bound of its cells) */
export const MAX_TEXT_FIELDS = 300_000;
/** …and elements of a page (start tags), of which table cells */
export const MAX_PAGE_TAGS = 200_000;
/** …and bytes of a page (parsing a page takes some 20 times its size; a report's page is well under 1 MB) */
export const MAX_PAGE_BYTES = 8 * 1024 * 1024;
export const MAX_PAGE_CELLS = 50_000;

/** Line breaks in a text (LF, or CR where a text has only those), counted in its bytes (any of our encodings). */
function lineCount(bytes: Buffer): number {
  let lf = 0;
  let cr = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lf++;
  if (lf === 0) for (let at = bytes.indexOf(13); at >= 0; at = bytes.indexOf(13, at + 1)) cr++;
  return Math.max(lf, cr) + 1;
}

/** Separators of fields in a text: , ; tab | (full-width forms are multi-byte and never counted). */
function separatorCount(bytes: Buffer): number {
  let n = 0;
  for (const b of bytes) if (b === 0x2c || b === 0x3b || b === 0x09 || b === 0x7c) n++;
  return n;
}

/** Start tags of a page, and of them table cells (<td, <th), in any case. */
function pageCounts(bytes: Buffer): { tags: number; cells: number } {
  let tags = 0;
  let cells = 0;
  const isLetter = (b: number | undefined) => b !== undefined && ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a);
  for (let at = bytes.indexOf(60); at >= 0 && at + 1 < bytes.length; at = bytes.indexOf(60, at + 1)) {
    if (!isLetter(bytes[at + 1])) continue;
    tags++;
    const b3 = bytes[at + 3];
    if ((bytes[at + 1]! | 0x20) === 0x74 && ((bytes[at + 2]! | 0x20) === 0x64 || (bytes[at + 2]! | 0x20) === 0x68) && !isLetter(b3) && !(b3 !== undefined && b3 >= 0x30 && b3 <= 0x39)) cells++;
  }
  return { tags, cells };
}

/** A web page, report text or CSV; `name` names the sheet of a CSV (as Excel does: the file name). */
function readText(bytes: Buffer, name: string): ReadResult {
  const unreadable = (reason: string): ReadResult => ({ ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason }) });
  const tooLarge = (size: number, limit: number, unit: string): ReadResult => ({ ok: false, bytes, issue: makeIssue({ code: 'file.too_large', size, limit, unit }) });
  const page = looksLikeHtml(bytes.subarray(0, 200_000).toString('latin1'));
  if (page) {
    if (bytes.length > MAX_PAGE_BYTES) return tooLarge(Math.ceil(bytes.length / 1024), MAX_PAGE_BYTES / 1024, 'KB');
    const { tags, cells } = pageCounts(bytes);
    if (cells > MAX_PAGE_CELLS) return tooLarge(cells, MAX_PAGE_CELLS, '个表格单元格');
    if (tags > MAX_PAGE_TAGS) return tooLarge(tags, MAX_PAGE_TAGS, '个网页元素');
  } else {
    const lines = lineCount(bytes);
    if (lines > MAX_TEXT_LINES) return tooLarge(lines, MAX_TEXT_LINES, '行');
    const fields = lines + separatorCount(bytes);
    if (fields > MAX_TEXT_FIELDS) return tooLarge(fields, MAX_TEXT_FIELDS, '个数据项');
  }
  if (page) {
    try {
      return { ok: true, bytes, grid: htmlGrid(bytes) };
    } catch (error) {
      return unreadable(error instanceof HtmlError ? `网页的标签嵌套超过 ${MAX_NESTING} 层，不像是年报网页，未读取` : '网页内容无法解析（结构异常）');
    }
  }
  const { text } = decodeText(bytes);
  if (looksLikeBarText(text.split(/\r\n|\r|\n/, 2000))) return { ok: true, bytes, grid: textGrid(text) };
  let rows: string[][];
  try {
    rows = csvRows(text);
  } catch (error) {
    return unreadable(`文本内容无法按 CSV 表格解析：${csvFault(error)}`);
  }
  return { ok: true, bytes, grid: isTabular(rows) ? { sheets: [csvSheet(rows, name)] } : textGrid(text) };
}

function readPdf(bytes: Buffer): ReadResult {
  try {
    return { ok: true, bytes, grid: pdfGrid(bytes) };
  } catch (error) {
    if (!(error instanceof PdfError)) return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason: 'PDF 文件已损坏，无法读取其中的文字' }) };
    if (error.kind === 'encrypted') return { ok: false, bytes, issue: makeIssue({ code: 'file.encrypted' }) };
    if (error.kind === 'no_text') return { ok: false, bytes, issue: makeIssue({ code: 'file.no_text' }) };
    if (error.kind === 'chars') return { ok: false, bytes, issue: makeIssue({ code: 'file.too_large', size: error.count, limit: MAX_PDF_CHARS, unit: '个文字' }) };
    const reason =
      error.kind === 'pages' ? `PDF 有 ${error.count} 页（上限 ${MAX_PDF_PAGES} 页），不像是一份年报，未读取`
      : error.kind === 'memory' ? 'PDF 的内容解开后异常庞大（超过读取所允许的内存），疑似恶意构造，未读取'
      : error.kind === 'timeout' ? 'PDF 读取超时（超过 2 分钟），未读取'
      : 'PDF 文件已损坏，无法读取其中的文字';
    return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason }) };
  }
}

/** A name a Word file goes by: only to word the reason a broken file is refused (files are read by content). */
const WORD_NAME = /\.(docx?|wps|wpt|dot)$/i;

/** What a clerk can do with a Word file nianbao cannot read. */
const RESAVE_WORD = '请在 Word/WPS 中另存为 .docx 或 PDF 后重新报送';

function readWord(bytes: Buffer, kind: 'docx' | 'doc'): ReadResult {
  let container: Container;
  try {
    container = openContainer(bytes);
  } catch (error) {
    if (error instanceof SpreadsheetError && error.kind === 'encrypted') return { ok: false, bytes, issue: makeIssue({ code: 'file.encrypted' }) };
    if (error instanceof SpreadsheetError && (error.kind === 'bomb' || error.kind === 'entries')) {
      return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason: 'Word 文件解压后的内容异常巨大或部件异常多，疑似恶意构造，未读取' }) };
    }
    return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason: `Word 文件的结构无法识别（可能不完整），${RESAVE_WORD}` }) };
  }
  try {
    if (kind === 'docx') return { ok: true, bytes, grid: docxGrid(container.part('word/document.xml') ?? Buffer.alloc(0)) };
    if (container.has('EncryptedPackage')) return { ok: false, bytes, issue: makeIssue({ code: 'file.encrypted' }) };
    return { ok: true, bytes, grid: docGrid(container) };
  } catch (error) {
    // a structure out of bounds in a hostile file may surface as a RangeError of Buffer: unreadable all the same
    if (error instanceof WordError && error.message === 'encrypted') return { ok: false, bytes, issue: makeIssue({ code: 'file.encrypted' }) };
    const what = kind === 'docx' ? 'Word 文件（.docx）' : '旧版 Word/WPS 文件（.doc/.wps）';
    return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason: `${what}中的表格无法可靠读取，${RESAVE_WORD}` }) };
  }
}

/**
 * A workbook zip names its parts in its headers, uncompressed: [Content_Types].xml, _rels/, xl/ (xlsx; any of them, as
 * a workbook cut short may have lost some) or mimetype, content.xml (ods).
 */
const WORKBOOK_PARTS = ['[Content_Types].xml', '_rels/.rels', 'xl/', 'mimetype', 'content.xml'];

function holdsWorkbookParts(bytes: Buffer): boolean {
  return WORKBOOK_PARTS.some((part) => bytes.includes(part));
}

export function readBytes(bytes: Buffer, file = 'data.csv'): ReadResult {
  const kind = sniff(bytes);
  if (kind === 'empty') return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason: '文件是空的（0 字节）' }) };
  if (kind === 'other') {
    const archive = otherArchive(bytes);
    if (archive) return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason: `这是 ${archive} 压缩包，nianbao 只解开 zip：请解压后放入收件箱（或改用 zip 压缩）` }) };
    return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason: '不是电子表格、Word 文件、网页、PDF 或文本文件（支持 .xlsx、.xls、.et、.ods、.csv、.docx、.doc、.wps、网页、PDF 和年报文本）' }) };
  }
  if (kind === 'text') return readText(bytes, path.basename(file, path.extname(file)) || 'data');
  if (kind === 'pdf') return readPdf(bytes);
  if (kind === 'docx' || kind === 'doc') return readWord(bytes, kind);
  if (kind === 'zip' && !holdsWorkbookParts(bytes)) {
    // an archive of other files (perhaps with a password of its own): not a workbook with an opening password
    return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason: '这是一个压缩包（zip），不是电子表格或 Word 文件；请解压后直接报送其中的报表' }) };
  }
  try {
    return { ok: true, bytes, grid: readSpreadsheet(bytes) };
  } catch (error) {
    if (!(error instanceof SpreadsheetError)) throw error;
    if (error.kind === 'encrypted') return { ok: false, bytes, issue: makeIssue({ code: 'file.encrypted' }) };
    if (error.kind === 'rows') return { ok: false, bytes, issue: makeIssue({ code: 'file.too_large', size: error.count, limit: MAX_SHEET_ROWS, unit: '行' }) };
    const reason =
      error.kind === 'bomb' ? '解压后的内容异常巨大（疑似压缩炸弹），已拒绝'
      : error.kind === 'sheets' ? `工作簿有 ${error.count} 个工作表（上限 ${MAX_SHEETS} 个），不像是一份年报，未读取`
      : error.kind === 'entries' ? `工作簿内部由 ${error.count} 个部件组成（一份年报只有几十个），疑似恶意构造，未读取`
      : WORD_NAME.test(file) ? `Word 文件不完整或结构无法识别，${RESAVE_WORD}`
      : '文件已损坏或不完整，无法作为电子表格打开';
    return { ok: false, bytes, issue: makeIssue({ code: 'file.unreadable', reason }) };
  }
}

/**
 * Opening never follows a symbolic link (a link swapped in after the inbox was listed is not read through), and never
 * waits: a pipe (FIFO) named like a report would block an ordinary open until something writes to it.
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/** Opens a file for reading as OPEN_FLAGS says (no links followed, never blocking). */
export function openForReading(file: string): number {
  return fs.openSync(file, OPEN_FLAGS);
}

/** `name`: what the file is called where that differs from its path (an upload's temporary file). */
export function readFile(file: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES, name: string = file): ReadResult {
  let fd: number;
  try {
    fd = openForReading(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ELOOP' ? '是符号链接，不读取' : '文件不存在或无权读取';
    return { ok: false, issue: makeIssue({ code: 'file.unreadable', reason }) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, issue: makeIssue({ code: 'file.unreadable', reason: '这是一个文件夹，不是文件' }) };
    if (!stat.isFile()) return { ok: false, issue: makeIssue({ code: 'file.unreadable', reason: '不是普通文件（是管道、套接字或设备），不读取' }) };
    if (stat.size > maxBytes) return { ok: false, issue: makeIssue({ code: 'file.too_large', size: stat.size, limit: maxBytes }) };
    return readBytes(fs.readFileSync(fd), name);
  } finally {
    fs.closeSync(fd);
  }
}
