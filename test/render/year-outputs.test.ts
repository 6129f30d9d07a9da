/**
 * values.csv rendered from what the ledger keeps: a submission's values come with the id list they are aligned with,
 * which need not be the format's list of today (a ledger written by another release). Rows follow the format's ids;
 * a value is found by its id wherever it stands; an id the list lacks is an empty row, never another id's value.
 */
import { makeConfig } from '../../src/config';
import type { AcceptedValues } from '../../src/ledger/ledger';
import { CANONICAL_IDS } from '../../src/model/canonical';
import { yearOutputs, type FileContent } from '../../src/render/year-outputs';
import { parseCsv } from '../fixtures/county';
import { mappings } from '../fixtures/workbook';

function text(content: FileContent | undefined): string {
  const chunks: Buffer[] = [];
  if (typeof content !== 'function') throw new Error('values.csv is written piece by piece');
  content((chunk) => chunks.push(Buffer.from(chunk))); // copied: a chunk's buffer may be reused
  return Buffer.concat(chunks).toString('utf8');
}

function valuesCsv(accepted: AcceptedValues[]): Record<string, string>[] {
  return parseCsv(text(yearOutputs(2022, [], { all: accepted }, makeConfig({ county: '样例县' }), mappings).get('values.csv')));
}

const ids = CANONICAL_IDS['2021'];
const report = (order: readonly string[]): AcceptedValues => ({
  id: 1, year: 2022, agency: '八道壕镇', format: '2021', sha256: 'c0ffee', ids: order,
  numbers: order.map((id) => ids.indexOf(id) + 0.5),
  places: order.map((id) => ['年度报告', `R${ids.indexOf(id)}`]),
});

test('ids in canonical order: one row per id, each with its value and place', () => {
  const rows = valuesCsv([report([...ids])]);
  expect(rows.map((r) => [r.id, r.value, r.cell])).toEqual(ids.map((id, n) => [id, String(n + 0.5), `R${n}`]));
});

test('ids in another order, one missing: every value under its own id, the missing one empty', () => {
  const missing = ids[10]!;
  const rows = valuesCsv([report([...ids].reverse().filter((id) => id !== missing))]);
  expect(rows.map((r) => r.id)).toEqual([...ids]);
  expect(rows.map((r) => [r.value, r.sheet, r.cell])).toEqual(ids.map((id, n) => (id === missing ? ['', '', ''] : [String(n + 0.5), '年度报告', `R${n}`])));
});

test('an id the format no longer has is left out', () => {
  const rows = valuesCsv([report([...ids, 'requests.retired_row.total'])]);
  expect(rows.map((r) => r.id)).toEqual([...ids]);
});
