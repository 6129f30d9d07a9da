/**
 * CSV text → one sheet. Quoting and embedded line breaks are csv-parse's; rows may have any number of fields.
 * Every field stays text: normalize reads numbers from it as it does from a spreadsheet cell typed as text.
 */
import { parse } from 'csv-parse/sync';
import type { RawCell, Sheet } from './grid';

/** The field separator a CSV uses: comma, or tab / semicolon when those clearly dominate the first lines. */
function delimiterOf(text: string): string {
  const head = text.split(/\r?\n/, 20).join('\n');
  const count = (ch: string) => head.split(ch).length - 1;
  const [tab, semicolon, comma] = [count('\t'), count(';'), count(',')];
  if (tab > comma && tab >= semicolon) return '\t';
  if (semicolon > comma) return ';';
  return ',';
}

export function csvRows(text: string): string[][] {
  return parse(text, { delimiter: delimiterOf(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }) as string[][];
}

export function csvSheet(rows: readonly string[][], name: string): Sheet {
  return { name, rows: rows.map((fields) => fields.map((field): RawCell | undefined => (field.trim() === '' ? undefined : { value: field }))), merges: [] };
}

/**
 * Whether parsed rows are a table: rows of several fields (Excel pads every row to the same width) or at least
 * rows of a label and numbers. Report text with one cell per line is neither, whatever commas its prose holds.
 */
export function isTabular(rows: readonly string[][]): boolean {
  const filled = rows.filter((fields) => fields.some((f) => f.trim()));
  const multiField = filled.filter((fields) => fields.length >= 2).length;
  const numeric = filled.filter((fields) => fields.filter((f) => f.trim()).length >= 2 && fields.some((f) => /^\s*-?[\d,.]+\s*$/.test(f))).length;
  return multiField >= 0.6 * filled.length || numeric >= 5;
}

/** Why a CSV could not be parsed, in words a clerk understands (csv-parse's own messages are English). */
export function csvFault(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  return /QUOTE/.test(code) ? '引号没有配对（某个单元格以 " 开头却没有结束的 "）' : '格式有误';
}
