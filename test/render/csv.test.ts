/**
 * CSV records stay records (issue 13 §4): a line break of any kind inside a field is quoted, and text that a
 * spreadsheet would run as a formula is made inert at its start and at the start of each of its lines.
 */
import { parse } from 'csv-parse/sync';
import { csvByteWriter, csvBytes, csvField, csvHeader, csvWith, type CsvValue } from '../../src/render/csv';

test.each([
  ['plain', '八道壕镇', '八道壕镇'],
  ['a number', 12, '12'],
  ['a negative number stays a number', -11, '-11'],
  ['empty', null, ''],
  ['LF', '第一行\n第二行', '"第一行\n第二行"'],
  ['CR', '第一行\r第二行', '"第一行\r第二行"'],
  ['CRLF', '第一行\r\n第二行', '"第一行\r\n第二行"'],
  ['a formula', '=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
  ['a formula after a line break', '说明\n=1+1', '"说明\n\'=1+1"'],
  ['a formula after a CR', '说明\r@SUM(A1)', '"说明\r\'@SUM(A1)"'],
  ['a comma', '甲,乙', '"甲,乙"'],
])('%s', (_d, value, field) => {
  expect(csvField(value)).toBe(field);
});

test('a file of such fields parses back into the same records, one per row', () => {
  const rows = [['a\nb', '=x'], ['c\r\nd', 'e\r=f'], ['g', 3]];
  const text = csvBytes(['甲', '乙'], rows).toString('utf8');
  const back = parse(text, { bom: true, columns: true }) as Record<string, string>[];
  expect(back).toEqual([{ 甲: 'a\nb', 乙: "'=x" }, { 甲: 'c\r\nd', 乙: "e\r'=f" }, { 甲: 'g', 乙: '3' }]);
  // every record ends with CRLF outside quotes: splitting the file on unquoted CRLF gives header + 3 records
  expect(text.replace(/"[^"]*"/g, 'Q').split('\r\n').filter(Boolean)).toHaveLength(4);
});

const HEADER = ['year', '单位', 'c', 'd'];
const ROWS: CsvValue[][] = [
  [2022, '八道壕镇', 'a,b', '"q"'],
  [null, '=HYPERLINK("x")', -11, 25.1],
  ['+3', '第一行\r\n@第二行', '', '\t'],
  [],
  [0, -0, 9, 10, 99, 100, 1000000, -1, -10, 9007199254740991, -9007199254740991, 1e21, 0.1, -2.5e-7, 2 ** 53 + 2],
  ['-', '', '八道壕镇人民政府（党政办公室）', 'a"b', "'x", '💡'],
];

test.each([[1 << 16], [7], [1]])('the byte writer gives the bytes csvBytes gives (a buffer of %i bytes)', (size) => {
  const chunks: Buffer[] = [];
  const csv = csvByteWriter((chunk) => chunks.push(Buffer.from(chunk)), size);
  csvHeader(csv, HEADER);
  for (const row of ROWS) {
    for (const value of row) csv.field(value);
    csv.end();
  }
  csv.flush();
  expect(Buffer.concat(chunks).toString('utf8')).toBe(csvBytes(HEADER, ROWS).toString('utf8'));
});

test('raw bytes and bare numbers are written as they are, without commas, between counted fields', () => {
  const bytes = csvWith((csv) => {
    csv.field('甲');
    csv.raw(Buffer.from(',x,'));
    csv.number(-1.5);
    csv.number(null);
    csv.field(2);
    csv.end();
  });
  expect(bytes.toString('utf8')).toBe('甲,x,-1.5,2\r\n');
});
