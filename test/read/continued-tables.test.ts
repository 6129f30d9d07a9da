/**
 * A table cut in two by a page break is read as one (issue 28 §5): two tables with nothing but blank paragraphs
 * between them and the same number of columns are one sheet, the second's rows under the first's; a heading between
 * them, another width or a table nested in a cell keeps them apart. Pinned on both readers that lay tables out
 * (web pages and Word documents); the generated documents (generated.test.ts) read through it at every row.
 */
import { Document, Packer, PageBreak, Paragraph, Table, TableCell, TableRow } from 'docx';
import { inspectBytes } from '../../src/inspect';
import type { Sheet } from '../../src/read/grid';
import { htmlGrid } from '../../src/read/html';
import { mappings } from '../fixtures/workbook';

const html = (body: string) => Buffer.from(`<html><body>${body}</body></html>`, 'utf8');
const table = (rows: string[][]) => `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
/** each sheet as its rows' texts, blanks as '' */
const texts = (sheets: readonly Sheet[]) => sheets.map((s) => Array.from(s.rows, (row) => Array.from(row ?? [], (cell) => String(cell?.value ?? ''))));

const A = table([['信息内容', '本年制发件数'], ['规章', '1']]);
const B = table([['规范性文件', '2']]);
const WIDE = table([['规范性文件', '2', '3']]);

test.each([
  ['only a blank paragraph between', `${A}<p>&nbsp;</p>${B}`, [[['信息内容', '本年制发件数'], ['规章', '1'], ['规范性文件', '2']]]],
  ['nothing between', `${A}${B}`, [[['信息内容', '本年制发件数'], ['规章', '1'], ['规范性文件', '2']]]],
  ['a heading between', `${A}<p>四、政府信息公开行政复议情况</p>${B}`, [[['信息内容', '本年制发件数'], ['规章', '1']], [['规范性文件', '2']]]],
  ['another number of columns', `${A}${WIDE}`, [[['信息内容', '本年制发件数'], ['规章', '1']], [['规范性文件', '2', '3']]]],
])('web page, %s', (_name, body, expected) => {
  const { sheets } = htmlGrid(html(body));
  expect(texts(sheets)).toEqual(expected);
  expect(sheets.map((s) => s.name)).toEqual(expected.map((_t, n) => `table${n + 1}`));
});

test('web page: the second part\'s last rows without text still count (a merge under them lands on its own rows)', () => {
  const first = table([['a', 'b'], ['', '']]);
  const { sheets } = htmlGrid(html(`${first}<table><tr><td rowspan="2">c</td><td>1</td></tr><tr><td>2</td></tr></table>`));
  expect(sheets).toHaveLength(1);
  expect(sheets[0]!.merges).toEqual([{ s: { r: 2, c: 0 }, e: { r: 3, c: 0 } }]);
  expect(texts(sheets)[0]!.slice(2)).toEqual([['c', '1'], ['', '2']]);
});

test('Word: a table cut by a typed page break reads every row of 表二 (the second part has no header)', async () => {
  const row = (cells: string[]) => new TableRow({ children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })) });
  const header = [row(['第二十条第（一）项', '', '', '']), row(['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'])];
  const doc = new Document({
    sections: [{
      children: [
        new Paragraph('东风镇人民政府2023年政府信息公开工作年度报告'),
        new Table({ rows: [...header, row(['规章', '1', '2', '3'])] }),
        new Paragraph({ children: [new PageBreak()] }),
        new Table({ rows: [row(['规范性文件', '4', '5', '6'])] }),
      ],
    }],
  });
  const s = inspectBytes(await Packer.toBuffer(doc), '年报.docx', { mappings });
  expect(s.values).toMatchObject({ 'proactive.rules.issued': 1, 'proactive.rules.repealed': 2, 'proactive.rules.in_force': 3, 'proactive.normative_docs.issued': 4, 'proactive.normative_docs.repealed': 5, 'proactive.normative_docs.in_force': 6 });
  expect(s.provenance['proactive.normative_docs.issued']).toMatchObject({ sheet: 'table1', cell: 'B4' });
});
