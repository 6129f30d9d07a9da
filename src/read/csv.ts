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

export function csvSheet(text: string, name: string): Sheet {
  const rows = csvRows(text).map((fields) => fields.map((field): RawCell | undefined => (field.trim() === '' ? undefined : { value: field })));
  return { name, rows, merges: [] };
}
