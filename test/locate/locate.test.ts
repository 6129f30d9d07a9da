import { inspectBytes } from '../../src/inspect';
import { CANONICAL, FORMATS, SUBTOTAL_CELLS } from '../../src/model/canonical';
import { consistentValues } from '../fixtures/values';
import { ARRANGEMENTS, buildSheets, mappings, valueAt } from '../fixtures/workbook';
import { workbookBytes } from '../fixtures/workbook';

describe.each(FORMATS)('format %s', (format) => {
  describe.each(Object.keys(ARRANGEMENTS))('arranged %s', (name) => {
    const values = consistentValues(format, format === '2019' ? 7 : 11);
    const sheets = buildSheets({ format, agency: '八道壕镇人民政府', year: format === '2019' ? 2020 : 2022, values }, ARRANGEMENTS[name]!);
    const submission = inspectBytes(workbookBytes(sheets), 'report.xlsx', { mappings });

    test('is recognised: agency, year, format, valid', () => {
      expect({ agency: submission.agency, year: submission.year, format: submission.format, status: submission.status }).toEqual({
        agency: '八道壕镇',
        year: format === '2019' ? 2020 : 2022,
        format,
        status: 'valid',
      });
      // format 2019 prints no unit for 采购总金额: a bare amount is taken as 万元, with a warning at its cell
      const expected = format === '2019' ? [['value.unit_assumed', submission.provenance['proactive.procurement.amount']!.cell]] : [];
      expect(submission.issues.map((i) => [i.code, i.cell])).toEqual(expected);
    });

    test('reads every id to its value', () => {
      expect(submission.values).toEqual(values);
      expect(Object.keys(submission.values)).toHaveLength(CANONICAL[format].length);
    });

    test('points every id at the cell that holds its value (a subtotal the form does not print has none)', () => {
      const derived = new Set(SUBTOTAL_CELLS[format].map((s) => s.id));
      for (const cell of CANONICAL[format]) {
        if (derived.has(cell.id)) {
          expect([cell.id, submission.provenance[cell.id]]).toEqual([cell.id, undefined]);
          continue;
        }
        const where = submission.provenance[cell.id]!;
        expect([cell.id, valueAt(sheets, where.sheet, where.cell)]).toEqual([cell.id, values[cell.id]]);
      }
    });
  });
});

test('the ids of format 2021 number 207 (200 printed, 7 of the subtotal （六）其他处理) and of format 2019 198', () => {
  expect(CANONICAL['2021']).toHaveLength(207);
  expect(SUBTOTAL_CELLS['2021']).toHaveLength(7);
  expect(CANONICAL['2019']).toHaveLength(198);
});
