/**
 * PDF rows by the page's ruling (issue 28 §1): a number belongs to the row whose ruled cell holds it, whatever line
 * of a tall cell it is printed on; a value cell ruled over several rows is no one row's. Documents from the
 * generator (test/fixtures/generator), each shape named for what it pins.
 */
import { inspectBytes } from '../../src/inspect';
import { issueText } from '../../src/issues';
import { misreadings } from '../fixtures/generator/oracle';
import { renderGenerated } from '../fixtures/generator/render';
import { generatedReport, type Shape } from '../fixtures/generator/shape';
import { mappings } from '../fixtures/workbook';

const plain: Shape = {
  kind: 'pdf', format: '2021', seed: 41, agency: '东风镇人民政府', blankZeros: false, valueAlign: 'center', labelAlign: 'top',
  extraParagraph: 'none', extraParagraphSeed: 1, narrowLabels: false, headerBreaks: false, omitRulesRow: false, rowTypo: null,
  columnTypo: null, pageBreak: null, titleInTable: false, navigation: false, coverLetter: false, mergeOther: false, ruled: true,
};

async function read(shape: Shape) {
  const report = generatedReport(shape);
  return { report, s: inspectBytes(await renderGenerated(report), 'report.pdf', { mappings }) };
}

test.each([
  ['a value at the top of a tall cell, its label at the bottom (an empty paragraph under the value)', { valueAlign: 'top', labelAlign: 'bottom', extraParagraph: 'after' }],
  ['a value at the bottom, under an empty paragraph, its label at the top', { valueAlign: 'bottom', labelAlign: 'top', extraParagraph: 'before' }],
  ['labels wrapped over five lines in narrow columns, values centred', { narrowLabels: true }],
] as [string, Partial<Shape>][])('ruled: %s — every value read into its own row', async (_d, quirks) => {
  const { report, s } = await read({ ...plain, ...quirks });
  expect(s.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual([]);
  expect(s.values).toEqual(report.values);
});

test('ruled: （六）\'s three value cells merged into one are read into none of the three, the number named with the rows it covers', async () => {
  const { report, s } = await read({ ...plain, mergeOther: true });
  expect(misreadings(report, s)).toEqual([]);
  for (const row of ['other_no_correction', 'other_fee_unpaid', 'other_misc']) expect([row, s.values[`requests.${row}.natural`]]).toEqual([row, null]);
  const merged = s.issues.filter((i) => i.code === 'layout.value_unplaced');
  expect(merged.length).toBeGreaterThan(0);
  expect(issueText(merged[0]!).message).toContain('3.其他');
});

test.each([0, 7, 14, 21, 28, 35])('ruled: 表三 split by the page inside its row %i, the value in the part on the other page — never read as blank', async (row) => {
  for (const valueAlign of ['top', 'bottom'] as const) {
    const { report, s } = await read({ ...plain, valueAlign, labelAlign: valueAlign === 'top' ? 'bottom' : 'top', extraParagraph: valueAlign === 'top' ? 'after' : 'before', pageBreak: { table: 1, row, split: true, repeatHeader: true } });
    expect([valueAlign, misreadings(report, s)]).toEqual([valueAlign, []]);
  }
});
