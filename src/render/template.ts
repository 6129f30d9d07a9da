/** `nianbao template`: a blank workbook laid out like the official form, with 填报单位 and 报告年度 cells. */
import type { Mapping } from '../mapping/load';
import { formLayout, stackBlocks } from './form-layout';
import { workbookBytes } from './xlsx-write';

export const TEMPLATE_SHEET = '年度报告';
const WIDTHS = [30, 14, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12];

export function templateBytes(mapping: Mapping, agency: string | null, year: number | null): Buffer {
  const layout = formLayout(mapping, { agency, year });
  const t = layout.tables;
  const sheet = stackBlocks([layout.identity, t.proactive, t.requests, t.appeals]);
  return workbookBytes([{ name: TEMPLATE_SHEET, ...sheet, widths: WIDTHS }]);
}
