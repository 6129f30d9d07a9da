/**
 * CSV records stay records (issue 13 §4): a line break of any kind inside a field is quoted, and text that a
 * spreadsheet would run as a formula is made inert at its start and at the start of each of its lines.
 */
import { parse } from 'csv-parse/sync';
import { csvBytes, csvField } from '../../src/render/csv';

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
