/** Writes layout blocks as an .xlsx workbook (SheetJS). The only module that writes spreadsheets. */
import { issueMessage, SEVERITY_WORD, type Issue } from '../issues';
import { MAX_INFLATED_BYTES, startInflateBudget, XLSX } from '../sheetjs';
import type { LayoutBlock } from './form-layout';

export interface SheetSpec extends LayoutBlock {
  name: string;
  /** column widths in characters */
  widths?: number[];
}

export function workbookBytes(sheets: readonly SheetSpec[]): Buffer {
  const wb = XLSX.utils.book_new();
  for (const sheet of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(sheet.rows.map((row) => row.map((v) => (v === null ? undefined : v))), { dense: true } as XLSX.AOA2SheetOpts);
    ws['!merges'] = sheet.merges.map((m) => ({ s: { ...m.s }, e: { ...m.e } }));
    if (sheet.widths) ws['!cols'] = sheet.widths.map((wch) => ({ wch }));
    XLSX.utils.book_append_sheet(wb, ws, sheet.name);
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

/** The first sheet of a marked-up return workbook. */
export const ISSUE_LIST_SHEET = '问题清单';

/**
 * A township's own workbook returned with its mistakes marked where they are: a comment (批注) on every cell that
 * has an issue, and a first sheet 问题清单 listing them with links to the cells. Values, merges and column widths
 * are kept; SheetJS keeps no cell styles (fonts, fills, borders), which the README says. Null when the bytes are
 * not a workbook SheetJS can open.
 */
export function markUpWorkbook(bytes: Buffer, issues: readonly Issue[]): Buffer | null {
  let wb: XLSX.WorkBook;
  try {
    startInflateBudget(MAX_INFLATED_BYTES);
    wb = XLSX.read(bytes, { type: 'buffer', cellStyles: true, cellFormula: true, cellNF: true });
  } catch {
    return null;
  }
  const rows: (string | number)[][] = [['序号', '级别', '位置', '问题']];
  const links: { row: number; target: string }[] = [];
  issues.forEach((issue, n) => {
    const ws = issue.sheet ? wb.Sheets[issue.sheet] : undefined;
    const place = ws && issue.cell ? `${issue.sheet}!${issue.cell}` : '全文件';
    const message = issueMessage(issue);
    rows.push([n + 1, SEVERITY_WORD[issue.severity], place, message]);
    if (!ws || !issue.cell) return;
    const cell = (ws[issue.cell] ??= { t: 'z' } as XLSX.CellObject);
    const comments = (cell.c ??= []) as XLSX.Comment[];
    comments.push({ a: 'nianbao', t: `${SEVERITY_WORD[issue.severity]}：${message}` });
    // a sheet name needs quotes in a reference only when it holds spaces or punctuation
    const sheetRef = /^[\p{L}\p{N}_]+$/u.test(issue.sheet!) ? issue.sheet! : `'${issue.sheet!.replace(/'/g, "''")}'`;
    links.push({ row: n + 1, target: `#${sheetRef}!${issue.cell}` });
    // the used range must cover a commented blank cell
    const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
    const at = XLSX.utils.decode_cell(issue.cell);
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: Math.min(range.s.r, at.r), c: Math.min(range.s.c, at.c) }, e: { r: Math.max(range.e.r, at.r), c: Math.max(range.e.c, at.c) } });
  });
  const list = XLSX.utils.aoa_to_sheet(rows);
  for (const { row, target } of links) list[XLSX.utils.encode_cell({ r: row, c: 2 })]!.l = { Target: target, Tooltip: '转到该单元格' };
  list['!cols'] = [{ wch: 6 }, { wch: 6 }, { wch: 18 }, { wch: 100 }];
  const name = wb.SheetNames.includes(ISSUE_LIST_SHEET) ? `${ISSUE_LIST_SHEET}（nianbao）` : ISSUE_LIST_SHEET;
  wb.SheetNames.unshift(name);
  wb.Sheets[name] = list;
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true, cellStyles: true }) as Buffer;
}
