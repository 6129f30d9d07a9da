/**
 * Documents a generator makes (issue 28 §6), read by every reader: for figures and shapes drawn by fast-check
 * (seeded) — where a cell's text sits, extra paragraphs in cells, hand-broken headers, narrow wrapped labels, a
 * row left out, typos in labels and headers, a table cut by a page break, navigation above the title, a cover letter,
 * （六）'s values merged — every figure is read exactly, or not read with an error located in the document; never
 * a different number. The shown corpus stays its own test (documents.test.ts).
 */
import fc from 'fast-check';
import { inspectBytes } from '../../src/inspect';
import { misreadings } from '../fixtures/generator/oracle';
import { renderGenerated } from '../fixtures/generator/render';
import { generatedReport, shapeArbitrary, type GeneratedKind, type Shape } from '../fixtures/generator/shape';
import { mappings } from '../fixtures/workbook';

/**
 * PDFs are drawn ruled (as Word and WPS print the form's tables) and without borders, in every shape: without
 * ruling, a number between two rows' labels on neither's lines is refused where it stands. Where each value stands on
 * its label's lines (centred values, labels at the top, no empty paragraphs, wide labels) a PDF without borders is
 * read (its own run, so that the refusals do not hide a misreading there).
 */
const unruledPdf = (shape: Shape): Shape => ({ ...shape, ruled: false, valueAlign: 'center', labelAlign: 'top', extraParagraph: 'none', narrowLabels: false });
const RUNS: [string, GeneratedKind, number, (s: Shape) => Shape][] = [
  ['html', 'html', 200, (s) => s],
  ['xlsx', 'xlsx', 200, (s) => s],
  ['docx', 'docx', 150, (s) => s],
  ['pdf, ruled', 'pdf', 150, (s) => ({ ...s, ruled: true })],
  ['pdf, without borders', 'pdf', 100, (s) => ({ ...s, ruled: false })],
  ['pdf, without borders, values on their labels\' lines', 'pdf', 50, unruledPdf],
];

test.each(RUNS)('%s (%s reader): never a number in the wrong place (%i generated documents)', async (_name, kind, numRuns, shaped) => {
  await fc.assert(
    fc.asyncProperty(shapeArbitrary(kind).map(shaped), async (shape) => {
      const report = generatedReport(shape);
      const s = inspectBytes(await renderGenerated(report), `report.${kind}`, { mappings });
      expect(misreadings(report, s)).toEqual([]);
    }),
    { seed: 28, numRuns },
  );
}, 180_000);

test.each(['html', 'xlsx', 'docx', 'pdf'] as const)('%s: a plain report of the generator reads exactly, valid (the oracle can fail)', async (kind) => {
  const shape = fc.sample(shapeArbitrary(kind), { seed: 1, numRuns: 1 })[0]!;
  const plain = { ...shape, format: '2021' as const, blankZeros: false, extraParagraph: 'none' as const, headerBreaks: false, omitRulesRow: false, rowTypo: null, columnTypo: null, pageBreak: null, navigation: false, coverLetter: false, mergeOther: false, ruled: true, narrowLabels: false, valueAlign: 'center' as const, labelAlign: 'top' as const };
  const report = generatedReport(plain);
  const s = inspectBytes(await renderGenerated(report), `report.${kind}`, { mappings });
  expect(s.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect([s.agency, s.year, s.status]).toEqual([report.agency, report.year, 'valid']);
  expect(s.values).toEqual(report.values);
  // a wrong number is caught: the same reading with one figure changed breaks the promise
  expect(misreadings({ ...report, values: { ...report.values, 'requests.new.natural': report.values['requests.new.natural']! + 1 } }, s)).toHaveLength(1);
});

/** The plain report of the generator (every shape's twist off) in a kind and format. */
function plainShape(kind: GeneratedKind, format: '2019' | '2021'): Shape {
  const shape = fc.sample(shapeArbitrary(kind), { seed: 1, numRuns: 1 })[0]!;
  return { ...shape, format, blankZeros: false, extraParagraph: 'none', headerBreaks: false, omitRulesRow: false, rowTypo: null, columnTypo: null, pageBreak: null, navigation: false, coverLetter: false, mergeOther: false, ruled: true, narrowLabels: false, valueAlign: 'center', labelAlign: 'top' };
}

// Word cuts a table where a page break is typed inside it: two tables, the second without a header of its own (or
// with the table's first rows repeated). Read as one table, every figure of it is read.
const CUTS = (['html', 'docx'] as const).flatMap((kind) => (['2019', '2021'] as const).flatMap((format) => [0, 1, 2].flatMap((table) => [false, true].map((repeatHeader) => [kind, format, table, repeatHeader] as const))))
  // (表二 has a header per block: the table's first block's, repeated over another block, is refused — not tested here)
  .filter(([, , table, repeatHeader]) => !(table === 0 && repeatHeader));
test.each(CUTS)('%s, %s form: a table cut by a page break (table %i, header repeated: %s) reads exactly at every row', async (kind, format, table, repeatHeader) => {
  const shape = plainShape(kind, format);
  const rows = generatedReport(shape).tables[table]!.table.rows.length;
  for (let row = 0; row < rows; row += 3) {
    const report = generatedReport({ ...shape, pageBreak: { table, row, split: false, repeatHeader } });
    const s = inspectBytes(await renderGenerated(report), `report.${kind}`, { mappings });
    expect([row, s.issues.filter((i) => i.severity === 'error')]).toEqual([row, []]);
    expect(s.values).toEqual(report.values);
  }
}, 60_000);

// Without borders nothing shows where a row ends: a value printed above its label's lines (the label at the foot of
// a tall cell, the value at its top, an empty paragraph under it) stands between two rows' labels. It is refused
// where it stands — never given to the row above, and its own row is not read as blank (0).
test.each(['2019', '2021'] as const)('pdf without borders, %s form: a value above its label\'s lines is refused, never another row\'s or 0', async (format) => {
  let refused = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const report = generatedReport({ ...plainShape('pdf', format), ruled: false, valueAlign: 'top', labelAlign: 'bottom', extraParagraph: 'after', extraParagraphSeed: seed * 77 });
    const s = inspectBytes(await renderGenerated(report), 'report.pdf', { mappings });
    expect([seed, misreadings(report, s)]).toEqual([seed, []]);
    refused += Object.values(s.values).filter((v) => v === null).length;
  }
  expect(refused).toBeGreaterThan(0); // the shape does put values off their labels' lines
}, 60_000);
