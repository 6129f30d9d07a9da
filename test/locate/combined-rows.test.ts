/**
 * A 2021-year report that prints （六）其他处理 as ONE row, as the 2019 form did (issue 12 §4): the row is read as the
 * subtotal requests.other_handling, its three rows of format 2021 stay null with a warning at the row, 表三's rules use
 * the subtotal, and a report that prints the three rows has the subtotal as their sum. Never split, never guessed.
 */
import { inspectBytes } from '../../src/inspect';
import { readMapping } from '../../src/mapping/load';
import { MappingError } from '../../src/mapping/mapping';
import { REQUEST_COLUMNS } from '../../src/model/canonical';
import { formLayout, formTables, stackBlocks } from '../../src/render/form-layout';
import { workbookBytes } from '../fixtures/workbook';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { makeCounty, parseCsv } from '../fixtures/county';
import { consistentValues } from '../fixtures/values';
import { buildWorkbook, mappings } from '../fixtures/workbook';
import { issueMessage, issueText, shownIssue } from '../../src/issues';

const PARTS = ['other_no_correction', 'other_fee_unpaid', 'other_misc'];
const values = consistentValues('2021', 5);

/** The 2021 form with its 表三 printed in the 2019 shape: （六）其他处理 one row (holding `values`' subtotal). */
function combinedWorkbook(v: Record<string, number | string> = values, agency = '八道壕镇'): Buffer {
  const layout = formLayout(mappings['2021'], { agency, year: 2022, values: v });
  const requests = formLayout(mappings['2019'], { values: v }).tables.requests;
  return workbookBytes([{ name: '年度报告', ...stackBlocks([layout.identity, layout.tables.proactive, requests, layout.tables.appeals]) }]);
}

test('（六）其他处理 printed as one row: read as the subtotal, its three rows null, a warning at the row, valid', () => {
  const s = inspectBytes(combinedWorkbook(), 'x.xlsx', { mappings });
  expect([s.format, s.status]).toEqual(['2021', 'valid']);
  for (const c of REQUEST_COLUMNS) {
    expect(s.values[`requests.other_handling.${c}`]).toBe(values[`requests.other_handling.${c}`]);
    for (const part of PARTS) expect(s.values[`requests.${part}.${c}`]).toBeNull();
  }
  const row = s.provenance['requests.other_handling.natural']!;
  expect(row.rowLabel).toBe('（六）其他处理');
  expect(s.issues.map(shownIssue)).toEqual([expect.objectContaining({ code: 'layout.rows_combined', severity: 'warning', sheet: row.sheet, cell: row.cell, found: '（六）其他处理' })]);
  expect(issueMessage(s.issues[0]!)).toContain('只填了合计一行');
  // every other figure as printed
  for (const [id, v] of Object.entries(values)) if (!PARTS.some((p) => id.startsWith(`requests.${p}.`))) expect([id, s.values[id]]).toEqual([id, v]);
});

test('the rules of 表三 use the subtotal: a wrong one is an error at （七）总计, and its own row total is checked', () => {
  const wrong = { ...values, 'requests.other_handling.natural': values['requests.other_handling.natural']! + 1 };
  const s = inspectBytes(combinedWorkbook(wrong), 'x.xlsx', { mappings });
  expect(s.status).toBe('invalid');
  expect(s.issues.filter((i) => i.severity === 'error').map((i) => i.code).sort()).toEqual(['requests.results_total', 'requests.row_total']);
  const rowTotal = s.issues.find((i) => i.code === 'requests.row_total')!;
  expect([rowTotal.cell, issueMessage(rowTotal)]).toEqual([s.provenance['requests.other_handling.total']!.cell, expect.stringContaining('（六）其他处理')]);
});

test('the form as printed: the subtotal is the sum of the three rows, with no place of its own and no warning', () => {
  const s = inspectBytes(buildWorkbook({ format: '2021', agency: '八道壕镇', year: 2022, values }), 'x.xlsx', { mappings });
  expect(s.issues).toEqual([]);
  for (const c of REQUEST_COLUMNS) {
    expect(s.values[`requests.other_handling.${c}`]).toBe(PARTS.reduce((sum, p) => sum + values[`requests.${p}.${c}`]!, 0));
    expect(s.provenance[`requests.other_handling.${c}`]).toBeUndefined();
  }
});

test('a row of the three that cannot be read leaves the subtotal null too, and its error is said once, at its cell', () => {
  const s = inspectBytes(buildWorkbook({ format: '2021', agency: '八道壕镇', year: 2022, values: { ...values, 'requests.other_misc.natural': '约5' } }), 'x.xlsx', { mappings });
  expect([s.values['requests.other_misc.natural'], s.values['requests.other_handling.natural']]).toEqual([null, null]);
  expect(s.issues.map((i) => i.code)).toEqual(['value.type']);
});

test('a row that is broken in the other way (the three rows sum wrong) is said at that row, not again at the subtotal', () => {
  const s = inspectBytes(buildWorkbook({ format: '2021', agency: '八道壕镇', year: 2022, values: { ...values, 'requests.other_misc.total': values['requests.other_misc.total']! + 1 } }), 'x.xlsx', { mappings });
  const rowTotals = s.issues.filter((i) => i.code === 'requests.row_total');
  expect(rowTotals.map((i) => issueMessage(i))).toEqual([expect.stringContaining('3.其他')]);
});

test('when only some of the three rows are printed, none is taken from the subtotal: the others are missing', () => {
  const layout = formLayout(mappings['2021'], { agency: '八道壕镇', year: 2022, values });
  const requests = layout.tables.requests;
  const kept = { ...requests, rows: requests.rows.map((row) => row.map((v) => (v === '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请' ? '（空）' : v))) };
  const bytes = workbookBytes([{ name: '年度报告', ...stackBlocks([layout.identity, layout.tables.proactive, kept, layout.tables.appeals]) }]);
  const s = inspectBytes(bytes, 'x.xlsx', { mappings });
  const errors = s.issues.filter((i) => i.severity === 'error');
  expect(errors[0]).toMatchObject({ code: 'layout.missing' });
  expect(issueText(errors[0]!).expected).toBe('2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请');
  // the row's numbers, printed under a label nobody knows, are each named at their cell (issue 28 §1), not dropped
  const row = s.provenance['requests.other_misc.natural']!.cell.replace(/^[A-Z]+/, '');
  const unknownRow = String(Number(row) - 1);
  expect(errors.slice(1).map((i) => [i.code, i.cell])).toEqual(['D', 'E', 'F', 'G', 'H', 'I', 'J'].map((c) => ['layout.value_unplaced', `${c}${unknownRow}`]));
  expect(s.issues.some((i) => i.code === 'layout.rows_combined')).toBe(false);
  expect(s.values['requests.other_handling.natural']).toBeNull();
  expect(s.values['requests.other_misc.natural']).toBe(values['requests.other_misc.natural']);
});

test('the blank 2021 template prints the three rows, never the subtotal', () => {
  const printed = formTables(formLayout(mappings['2021'])).flatMap((b) => b.rows.flat());
  for (const label of ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '3.其他', '（六）其他处理']) expect(printed).toContain(label);
  expect(printed.filter((v) => v === '（六）其他处理')).toHaveLength(1); // the group label, once
});

const MAPPING = fs.readFileSync(path.join(__dirname, '../../mappings/format-2021.yaml'), 'utf8');

test.each([
  ['a combined row that is no subtotal of the format', MAPPING.replace('- { id: other_handling, label: （六）其他处理 }', '- { id: granted, label: （六）其他处理 }'), /granted 不是格式 2021 的合计行/],
  ['a combined row whose parts are not rows of its block', MAPPING.replace(/ {10}- \{ id: other_misc, label: 3\.其他 \}\n/, ''), /合计行 other_handling 的分项 other_misc 不在本块的 rows 中/],
])('a mapping with %s is refused, naming it', (_d, text, message) => {
  expect(text).not.toBe(MAPPING);
  expect(() => readMapping('format-2021.yaml', text)).toThrow(MappingError);
  expect(() => readMapping('format-2021.yaml', text)).toThrow(message);
});

test('county totals: （六） as a whole stays right; its three rows, which one township did not give, are never a partial sum', async () => {
  const county = makeCounty({ county: '样例县', roster: [] });
  try {
    const other = consistentValues('2021', 6);
    county.drop('甲镇.xlsx', combinedWorkbook(values, '甲镇'), '2023-01-05T01:00:00Z');
    county.drop('乙镇.xlsx', buildWorkbook({ format: '2021', agency: '乙镇', year: 2022, values: other }), '2023-01-05T02:00:00Z');
    expect((await county.run()).code).toBe(0);
    const summary = new Map(parseCsv(county.read('outbox/2022/county-summary.csv')).map((r) => [r.id, r]));
    const both = (id: string) => values[id]! + other[id]!;
    expect(summary.get('requests.other_handling.total')).toMatchObject({ value: String(both('requests.other_handling.total')), agencies: '2' });
    expect(summary.get('requests.results_total.total')).toMatchObject({ value: String(both('requests.results_total.total')), agencies: '2' });
    for (const part of PARTS) expect(summary.get(`requests.${part}.total`)).toMatchObject({ value: '', agencies: '1' });
    // the township's own rows in values.csv: the subtotal as read, its rows empty
    const mine = parseCsv(county.read('outbox/2022/values.csv')).filter((r) => r.agency === '甲镇');
    expect(mine.find((r) => r.id === 'requests.other_handling.total')?.value).toBe(String(values['requests.other_handling.total']));
    expect(mine.find((r) => r.id === 'requests.other_misc.total')?.value).toBe('');
    // the county report in the form's layout says so where the parts would be, and prints no subtotal row
    const sheet = XLSX.read(fs.readFileSync(`${county.outbox}/2022/county-report.xlsx`)).Sheets['年度报告']!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: null });
    const partRow = rows.find((r) => r.includes('3.其他'))!;
    expect(partRow.filter((v) => v === '部分单位未填')).toHaveLength(REQUEST_COLUMNS.length);
    expect(rows.filter((r) => r.includes('（六）其他处理'))).toHaveLength(1); // the group label beside the three rows
  } finally {
    county.cleanup();
  }
});
