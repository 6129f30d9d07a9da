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
import { generatedReport, shapeArbitrary, type GeneratedKind } from '../fixtures/generator/shape';
import { mappings } from '../fixtures/workbook';

const RUNS: [GeneratedKind, number][] = [['html', 200], ['xlsx', 200], ['docx', 150]];

test.each(RUNS)('%s: never a number in the wrong place (%i generated documents)', async (kind, numRuns) => {
  await fc.assert(
    fc.asyncProperty(shapeArbitrary(kind), async (shape) => {
      const report = generatedReport(shape);
      const s = inspectBytes(await renderGenerated(report), `report.${kind}`, { mappings });
      expect(misreadings(report, s)).toEqual([]);
    }),
    { seed: 28, numRuns },
  );
}, 120_000);

test.each(['html', 'xlsx', 'docx'] as const)('%s: a plain report of the generator reads exactly, valid (the oracle can fail)', async (kind) => {
  const shape = fc.sample(shapeArbitrary(kind), { seed: 1, numRuns: 1 })[0]!;
  const plain = { ...shape, format: '2021' as const, blankZeros: false, extraParagraph: 'none' as const, headerBreaks: false, omitRulesRow: false, rowTypo: null, columnTypo: null, pageBreak: null, navigation: false, coverLetter: false, mergeOther: false };
  const report = generatedReport(plain);
  const s = inspectBytes(await renderGenerated(report), `report.${kind}`, { mappings });
  expect([s.agency, s.year, s.status]).toEqual([report.agency, report.year, 'valid']);
  expect(s.values).toEqual(report.values);
  // a wrong number is caught: the same reading with one figure changed breaks the promise
  expect(misreadings({ ...report, values: { ...report.values, 'requests.new.natural': report.values['requests.new.natural']! + 1 } }, s)).toHaveLength(1);
});
