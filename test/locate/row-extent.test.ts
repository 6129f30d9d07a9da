/**
 * A row's area in a grid (issue 28 §1): a row label merged over several sheet rows (a Word cell of two paragraphs
 * pasted into Excel takes two rows) makes all of them the row's; its value is the one cell there holding anything,
 * a blank is 0 only when the whole area is blank. Sheets from the generator (test/fixtures/generator).
 */
import { inspectBytes } from '../../src/inspect';
import { issueText } from '../../src/issues';
import { workbookBytes, mappings } from '../fixtures/workbook';
import { renderGenerated } from '../fixtures/generator/render';
import { generatedReport, type Shape } from '../fixtures/generator/shape';

const pasted: Shape = {
  kind: 'xlsx', format: '2021', seed: 41, agency: '东风镇人民政府', blankZeros: false, valueAlign: 'center', labelAlign: 'top',
  extraParagraph: 'none', extraParagraphSeed: 1, narrowLabels: false, headerBreaks: false, omitRulesRow: false, rowTypo: null,
  columnTypo: null, pageBreak: null, titleInTable: false, navigation: false, coverLetter: false, mergeOther: false, ruled: true,
};

test.each([
  ['an empty paragraph above each value: the label merged over two rows, the value in the lower (表四\'s under an empty row)', { extraParagraph: 'before' }],
  ['an empty paragraph under each value: the value in the upper row', { extraParagraph: 'after' }],
  ['header cells broken by hand, each piece on a row of its own', { headerBreaks: true }],
] as [string, Partial<Shape>][])('pasted from Word: %s — every value read', async (_d, quirks) => {
  const report = generatedReport({ ...pasted, ...quirks });
  const s = inspectBytes(await renderGenerated(report), 'report.xlsx', { mappings });
  expect(s.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual([]);
  expect(s.values).toEqual(report.values);
});

test('two numbers in one row\'s area (its label merged over two rows): neither is read, each named at its cell', () => {
  const sheet = { name: 'Sheet1', rows: [['东风镇2022年政府信息公开工作年度报告'], ['第二十条第（一）项'], ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], ['规章', 1, 0, 2], [null, 3, null, null], ['行政规范性文件', 4, 0, 5]], merges: [{ s: { r: 3, c: 0 }, e: { r: 4, c: 0 } }] };
  const s = inspectBytes(workbookBytes([sheet]), 'x.xlsx', { mappings });
  expect([s.values['proactive.rules.issued'], s.values['proactive.rules.repealed'], s.values['proactive.rules.in_force']]).toEqual([null, 0, 2]);
  expect(s.issues.filter((i) => i.code === 'layout.value_unplaced').map((i) => i.cell)).toEqual(['B4', 'B5']);
  expect(s.values['proactive.normative_docs.in_force']).toBe(5);
});

test('numbers in the tables\' area: a 序号 column left of the labels is the rows\' own, a number right of the columns is named at its cell', () => {
  const sheet = {
    name: 'Sheet1',
    rows: [['东风镇2022年政府信息公开工作年度报告'], [null, '第二十条第（一）项'], [null, '信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], [1, '规章', 0, 0, 0, 7], [2, '行政规范性文件', 4, 0, 5]],
    merges: [],
  };
  const s = inspectBytes(workbookBytes([sheet]), 'x.xlsx', { mappings });
  expect([s.values['proactive.rules.in_force'], s.values['proactive.normative_docs.in_force']]).toEqual([0, 5]);
  expect(s.issues.filter((i) => i.code === 'layout.value_unplaced').map((i) => [i.cell, issueText(i).found])).toEqual([['F4', '7']]);
});
