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
  const lines = [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`);
  return Buffer.from(`\uFEFF${lines.join('')}`, 'utf8');
}

const fieldMemo = new Map<string, string>();

/** Text csv-stringify writes as it is (no quote, comma or line break; no formula-like start): most of our fields. */
const PLAIN = /^(?![=+\-@\t\r])[^",\r\n]*$/;

/**
 * One field as csv-stringify writes it (quoted and escaped as needed, formula-like text prefixed), memoised: the
 * rows of our CSVs are mostly repeated text (labels, ids, agency names), so each is quoted once.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (PLAIN.test(value)) return value;
  let field = fieldMemo.get(value);
  if (field === undefined) {
    if (fieldMemo.size > 100_000) fieldMemo.clear();
    field = stringify([[value]], CSV_OPTIONS).slice(0, -2);
    fieldMemo.set(value, field);
  }
  return field;
}


/**
 * CSV assembled as bytes in one buffer, handed to `write` whenever it fills (the chunk is consumed before `write`
 * returns): the bytes csvBytes would give, without a string per row or per file. A 10,000-report values.csv is
 * ~400 MB, a by-agency CSV ~10,000 rows of ~70 numbers: as strings (joined, then encoded) they took several times as
 * long, most of it in garbage collection.
 */
export interface CsvByteWriter {
  /** one field, after a comma unless it starts its row: text quoted as csvField does (memoised), a number, or empty */
  field(value: CsvValue): void;
  /** bytes as they are (fields already quoted, with their commas); `field` does not count them */
  raw(bytes: Buffer): void;
  /** a number as csvField writes it (ASCII: digits, '.', '-', 'e'), or nothing for null; no comma, not counted */
  number(value: number | null): void;
  /** ends the row (CRLF) */
  end(): void;
  /** hands over what is still in the buffer */
  flush(): void;
}

const fieldBytesMemo = new Map<string, Buffer>();

/** A text field's quoted UTF-8 bytes (memoised: the same agency names, labels and ids recur on every row). */
export function csvFieldBytes(value: string): Buffer {
  let bytes = fieldBytesMemo.get(value);
  if (bytes === undefined) {
    if (fieldBytesMemo.size > 100_000) fieldBytesMemo.clear();
    bytes = Buffer.from(csvField(value), 'utf8');
    fieldBytesMemo.set(value, bytes);
  }
  return bytes;
}

const COMMA = 0x2c;
const MINUS = 0x2d;
const DIGIT_ZERO = 0x30;
const CRLF = Buffer.from('\r\n');

export function csvByteWriter(write: (chunk: Buffer) => void, size = 1 << 20): CsvByteWriter {
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  let rowStart = true;
  const flush = () => {
    if (at > 0) write(out.subarray(0, at));
    at = 0;
  };
  const room = (length: number) => {
    if (at + length > out.length) flush();
  };
  const raw = (bytes: Buffer) => {
    if (bytes.length > out.length) {
      flush();
      write(bytes);
      return;
    }
    room(bytes.length);
    at += bytes.copy(out, at);
  };
  const number = (value: number | null) => {
    if (value === null) return;
    if (Number.isSafeInteger(value) && out.length >= 17) {
      // integers (nearly every figure) digit by digit: no string, no call into the buffer's native code
      room(17);
      if (value < 0) out[at++] = MINUS;
      let rest = Math.abs(value);
      let digits = 1;
      for (let ten = 10; ten <= rest; ten *= 10) digits++;
      at += digits;
      for (let k = at - 1; digits-- > 0; k--) {
        out[k] = DIGIT_ZERO + (rest % 10);
        rest = Math.floor(rest / 10);
      }
      return;
    }
    const text = String(value);
    if (text.length > out.length) return raw(Buffer.from(text, 'latin1'));
    room(text.length);
    at += out.write(text, at, 'latin1');
  };
  return {
    field(value) {
      if (!rowStart) {
        room(1);
        out[at++] = COMMA;
      }
      rowStart = false;
      if (typeof value !== 'string') number(value);
      else if (value.length * 3 <= out.length && PLAIN.test(value)) {
        // written straight into the buffer (UTF-8 takes at most 3 bytes per UTF-16 unit)
        room(value.length * 3);
        at += out.write(value, at, 'utf8');
      } else raw(csvFieldBytes(value));
    },
    raw,
    number,
    end() {
      raw(CRLF);
      rowStart = true;
    },
    flush,
  };
}

const BOM = Buffer.from('\uFEFF');

/** The byte-order mark and the header row. */
export function csvHeader(csv: CsvByteWriter, header: readonly string[]): void {
  csv.raw(BOM);
  for (const name of header) csv.field(name);
  csv.end();
}

/** A whole CSV file written by `rows` through a CsvByteWriter, as one Buffer (for small files and tests). */
export function csvWith(rows: (csv: CsvByteWriter) => void): Buffer {
  const chunks: Buffer[] = [];
  const csv = csvByteWriter((chunk) => chunks.push(Buffer.from(chunk)), 1 << 16);
  rows(csv);
  csv.flush();
  return Buffer.concat(chunks);
}
