/**
 * The report form as one sheet (identity cells, then tables 二, 三, 四 stacked), filled with given values: the blank
 * workbook of `nianbao template`, and the first sheet of the county report.
 */
import type { Mapping } from '../mapping/mapping';
import { formLayout, stackBlocks, type BlockPlace, type FormContent } from './form-layout';
import { A4_LANDSCAPE_PRINTABLE, columnPoints, fittedWidths, rowHeights, workbookBytes, type SheetSpec } from './xlsx-write';

export const FORM_SHEET = '年度报告';

/**
 * The form's column widths (characters), so that 表四's fifteen columns fit A4 landscape at a legible size: the
 * fitted widths, capped by what each column holds — A the labels of 表二 (and 表三's 「三、本年度办理结果」), B 表三's
 * group labels (（三）不予公开), C 表三's row labels (wrapped), and from D on the numbers and their short headers.
 */
const COLUMN_CAPS = [14, 10, 28];
const NUMBER_COLUMN = 7;
function formWidths(spec: SheetSpec): number[] {
  return fittedWidths(spec).map((w, c) => Math.min(w, COLUMN_CAPS[c] ?? NUMBER_COLUMN));
}

/** The print scale never goes below this (percent): smaller than about 8 pt is not read on paper. */
const MIN_SCALE = 70;

/**
 * How the form prints on A4 landscape: 表二 with the title and identity on the first page, 表三 on a page of its own,
 * 表四 after it on the same page where both fit, else on the next; one scale for all (so every table fits the page
 * width, and 表三 one page: it is the longest). Nothing repeats at the top of the pages: each table begins with its
 * own heading and header rows, and none runs over a page (so none needs its header again).
 */
function printPlan(heights: readonly number[], widths: readonly number[], tables: readonly BlockPlace[]): { scale: number; pageBreaks: number[] } {
  const page = A4_LANDSCAPE_PRINTABLE;
  const sum = (from: number, to: number) => heights.slice(from, to).reduce((a, b) => a + b, 0);
  const [, requests, appeals] = tables as [BlockPlace, BlockPlace, BlockPlace];
  const width = widths.reduce((a, w) => a + columnPoints(w), 0);
  const requestsHeight = sum(requests.top, requests.top + requests.height);
  const fit = Math.min(1, page.width / width, page.height / requestsHeight);
  const scale = Math.max(MIN_SCALE, Math.floor(fit * 100));
  const both = sum(requests.top, appeals.top + appeals.height);
  const together = (both * scale) / 100 <= page.height;
  return { scale, pageBreaks: together ? [requests.top] : [requests.top, appeals.top] };
}

/**
 * The form as it prints: its title, the identity line (and, for the county's totals, what they cover), then each
 * table under its heading (二、…), bordered, with its heading rows bold and shaded.
 */
export function formSheet(mapping: Mapping, content: FormContent & { scope?: string }): SheetSpec {
  const layout = formLayout(mapping, content);
  const t = layout.tables;
  const identity = content.scope ? { ...layout.identity, rows: [...layout.identity.rows, [content.scope]], merges: [...layout.identity.merges, { s: { r: 2, c: 0 }, e: { r: 2, c: 9 } }] } : layout.identity;
  const { rows, merges, headers, places } = stackBlocks([identity, t.proactive, t.requests, t.appeals]);
  const tables = places.slice(1);
  const spec: SheetSpec = {
    name: FORM_SHEET,
    rows,
    merges,
    style: {
      titles: [0],
      headings: tables.map((p) => p.top),
      tables: tables.map((p) => ({ s: { r: p.top + 1, c: 0 }, e: { r: p.top + p.height - 1, c: p.width - 1 } })),
      headers,
      emphasis: [1],
      orientation: 'landscape',
    },
  };
  spec.widths = formWidths(spec);
  const heights = rowHeights(spec, spec.widths);
  const plan = printPlan(heights, spec.widths, tables);
  spec.style = { ...spec.style, ...plan };
  return spec;
}

export function templateBytes(mapping: Mapping, agency: string | null, year: number | null): Promise<Buffer> {
  return workbookBytes([formSheet(mapping, { agency, year })]);
}
