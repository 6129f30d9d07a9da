/**
 * The report form as one sheet (identity cells, then tables 二, 三, 四 stacked), filled with given values: the blank
 * workbook of `nianbao template`, and the first sheet of the county report.
 */
import type { Mapping } from '../mapping/mapping';
import { formLayout, stackBlocks, type FormContent } from './form-layout';
import { workbookBytes, type SheetSpec } from './xlsx-write';

export const FORM_SHEET = '年度报告';

/**
 * The form as it prints: its title, the identity line, then each table under its heading (二、…), bordered, with
 * its heading rows bold and shaded.
 */
export function formSheet(mapping: Mapping, content: FormContent): SheetSpec {
  const layout = formLayout(mapping, content);
  const t = layout.tables;
  const { rows, merges, headers, places } = stackBlocks([layout.identity, t.proactive, t.requests, t.appeals]);
  const tables = places.slice(1);
  return {
    name: FORM_SHEET,
    rows,
    merges,
    style: {
      titles: [0],
      headings: tables.map((p) => p.top),
      tables: tables.map((p) => ({ s: { r: p.top + 1, c: 0 }, e: { r: p.top + p.height - 1, c: p.width - 1 } })),
      headers,
      emphasis: [1],
      repeat: [0, 1], // the title and 填报单位/报告年度 on every printed page
    },
  };
}

export function templateBytes(mapping: Mapping, agency: string | null, year: number | null): Promise<Buffer> {
  return workbookBytes([formSheet(mapping, { agency, year })]);
}
