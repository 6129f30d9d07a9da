/**
 * CSV as SPEC §4 wants it: UTF-8 with BOM, CRLF, RFC 4180 quoting (csv-stringify), numbers as numbers (so -11
 * stays a number), and text that Excel would run as a formula (=, +, -, @, tab, CR at the start) prefixed with '.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvBytes(header: readonly string[], rows: readonly (readonly CsvValue[])[]): Buffer {
  const text = stringify([header as CsvValue[], ...(rows as CsvValue[][])], {
    bom: true,
    record_delimiter: 'windows',
    cast: { string: (value) => (FORMULA_START.test(value) ? `'${value}` : value) },
  });
  return Buffer.from(text, 'utf8');
}
