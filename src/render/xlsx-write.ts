/** Writes layout blocks as an .xlsx workbook (SheetJS). The only module that writes spreadsheets. */
import * as XLSX from 'xlsx';
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
