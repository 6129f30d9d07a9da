/**
 * CSV as SPEC §4 wants it: UTF-8 with BOM, CRLF, RFC 4180 quoting (csv-stringify), numbers as numbers (so -11
 * stays a number), and text that Excel would run as a formula (=, +, -, @, tab, CR at the start of the text or of one
 * of its lines) prefixed with '. A field with a line break (LF, CR or CRLF) is always quoted.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
/** …and after a line break inside the text (a reader that splits records on any line break would start a cell there) */
const FORMULA_AFTER_BREAK = /([\r\n])(?=[=+\-@\t])/g;

/** Text as a cell of ours: formula-like starts (of the text and of each of its lines) prefixed with '. */
function inert(value: string): string {
  return (FORMULA_START.test(value) ? `'${value}` : value).replace(FORMULA_AFTER_BREAK, "$1'");
}

export const CSV_OPTIONS = {
  record_delimiter: 'windows',
  // a field holding any line break is quoted (csv-stringify quotes only the record delimiter, CRLF, by itself)
  quoted_match: /[\r\n]/,
  cast: { string: inert },
} as const;

/** A whole CSV file. Each distinct text is quoted once by csv-stringify (`csvField`); rows are joined from them. */
export function csvBytes(header: readonly string[], rows: readonly (readonly CsvValue[])[]): Buffer {
  return csvFromLines(header, rows.map((row) => row.map(csvField).join(',')));
}

const fieldMemo = new Map<string, string>();

/**
 * One field as csv-stringify writes it (quoted and escaped as needed, formula-like text prefixed), memoised: the
 * rows of our CSVs are mostly repeated text (labels, ids, agency names), so each is quoted once.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  let field = fieldMemo.get(value);
  if (field === undefined) {
    if (fieldMemo.size > 100_000) fieldMemo.clear();
    field = stringify([[value]], CSV_OPTIONS).slice(0, -2);
    fieldMemo.set(value, field);
  }
  return field;
}

/** A CSV file from a header and lines already joined from `csvField`s (each without its CRLF). */
export function csvFromLines(header: readonly string[], lines: readonly string[]): Buffer {
  const head = header.map(csvField).join(',');
  return Buffer.from(`\uFEFF${head}\r\n${lines.length ? `${lines.join('\r\n')}\r\n` : ''}`, 'utf8');
}
