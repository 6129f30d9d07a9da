/**
 * values.csv rendered from what the ledger keeps: a submission's values come with the id list they are aligned with,
 * which need not be the format's list of today (a ledger written by another release). Rows follow the format's ids;
 * a value is found by its id wherever it stands; an id the list lacks is an empty row, never another id's value.
 */
import * as path from 'node:path';
import { loadConfig, makeConfig } from '../../src/config';
import { openLedger } from '../../src/ledger/ledger';
import type { AcceptedValues } from '../../src/ledger/ledger';
import { CANONICAL_IDS } from '../../src/model/canonical';
import { yearOutputs, type FileContent } from '../../src/render/year-outputs';
import { makeCounty, parseCsv } from '../fixtures/county';
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

test('values read from the ledger a batch at a time give the very files whole submissions give (parent, off-roster and returned reports too)', async () => {
  const county = makeCounty({ county: '样例县', roster: [{ name: '样例县', aliases: ['样例县人民政府'], kind: 'county' }, { name: '八道壕镇' }, { name: '县教育局', kind: 'department' }, { name: '南山乡' }] });
  try {
    county.drop('八道壕镇.xlsx', county.report('八道壕镇', 2022, {}, 1), '2023-01-05T03:00:00Z');
    county.drop('县教育局.xlsx', county.report('县教育局', 2022, {}, 2), '2023-01-05T01:00:00Z');
    county.drop('北河镇.xlsx', county.report('北河镇', 2022, {}, 3), '2023-01-05T02:00:00Z');
    county.drop('样例县.xlsx', county.report('样例县人民政府', 2022, { 'proactive.fees.amount': 1.25 }, 4), '2023-01-05T04:00:00Z');
    county.drop('南山乡.xlsx', county.report('南山乡', 2022, { 'requests.new.total': -1 }, 5), '2023-01-05T05:00:00Z');
    expect((await county.run()).code).toBe(0);
    const config = loadConfig(path.join(county.dir, 'nianbao.config.json'), true);
    const ledger = openLedger(path.join(county.outbox, 'ledger.sqlite'));
    try {
      const bytes = async (files: Map<string, FileContent>) => {
        const out: Record<string, string> = {};
        for (const [name, content] of files) {
          if (name.endsWith('.docx')) continue; // (the Word file carries the time it was made; the HTML draft is its text)
          const encoding = name.endsWith('.xlsx') ? 'base64' : 'utf8';
          if (content instanceof Promise) out[name] = (await content).toString(encoding);
          else if (Buffer.isBuffer(content)) out[name] = content.toString(encoding);
          else if (typeof content === 'function') out[name] = text(content);
        }
        return out;
      };
      const placesOf = (sha: string) => ledger.lineage(sha)?.places;
      const whole = await bytes(yearOutputs(2022, ledger.submissionsOf(2022), { all: [] }, config, mappings, placesOf));
      const batched = await bytes(yearOutputs(2022, ledger.submissionsOf(2022, 'no-values'), { all: [] }, config, mappings, placesOf, (list) => ledger.valuesOf(list.map((s) => s.id))));
      expect(Object.keys(batched)).toEqual(Object.keys(whole));
      expect(batched).toEqual(whole);
      // and they are what the run wrote
      expect(whole['requests-by-agency.csv']).toBe(county.read('outbox/2022/requests-by-agency.csv'));
      expect(parseCsv(whole['requests-by-agency.csv']!).map((r) => r.填报单位)).toEqual(['八道壕镇', '县教育局', '样例县']);
      expect(parseCsv(whole['issues.csv']!).some((i) => i.code === 'county.children_differ')).toBe(true);
    } finally {
      ledger.close();
    }
  } finally {
    county.cleanup();
  }
});
