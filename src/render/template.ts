/**
 * The report form as one sheet (identity cells, then tables 二, 三, 四 stacked), filled with given values: the blank
 * workbook of `nianbao template`, and the first sheet of the county report.
 */
import type { Mapping } from '../mapping/load';
import { formLayout, stackBlocks, type FormContent } from './form-layout';
import { workbookBytes, type SheetSpec } from './xlsx-write';

export const FORM_SHEET = '年度报告';
const WIDTHS = [30, 14, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12];

export function formSheet(mapping: Mapping, content: FormContent): SheetSpec {
  const layout = formLayout(mapping, content);
  const t = layout.tables;
  return { name: FORM_SHEET, ...stackBlocks([layout.identity, t.proactive, t.requests, t.appeals]), widths: WIDTHS };
}

export function templateBytes(mapping: Mapping, agency: string | null, year: number | null): Buffer {
  return workbookBytes([formSheet(mapping, { agency, year })]);
}
