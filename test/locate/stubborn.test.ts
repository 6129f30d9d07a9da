/**
 * Stubborn layouts that need more than a new arrangement (issue 4 §5): hidden rows and columns, numbers printed as
 * 0.0 and 1,234, and a header that lost its second line. Layout-only quirks (side by side, repeated header, 总计
 * first, other order, English sheet names, merged value cells, 表四 on one line) are arrangements in
 * fixtures/workbook.ts, checked id by id in locate.test.ts.
 */
import * as XLSX from 'xlsx';
import { inspectBytes } from '../../src/inspect';
import { CANONICAL } from '../../src/model/canonical';
import { formLayout, formTables } from '../../src/render/form-layout';
import { EXTENSION, renderReport, type Kind, type PrintedReport } from '../fixtures/formats';
import { consistentValues } from '../fixtures/values';
import { buildSheets, buildWorkbook, mappings, ARRANGEMENTS } from '../fixtures/workbook';
import { workbookBytes } from '../fixtures/workbook';
import { issueMessage, issueText, shownIssue } from '../../src/issues';

const report = { format: '2019' as const, agency: '八道壕镇', year: 2020, values: { ...consistentValues('2019', 3), 'proactive.procurement.amount': '12万元' } };
const { 'proactive.procurement.amount': _amount, ...numbers } = report.values;

test('hidden rows and columns are read like any other: a clerk hid them, the figures are still the report', () => {
  const wb = XLSX.read(buildWorkbook(report), { type: 'buffer' });
  const ws = wb.Sheets['年度报告']!;
  ws['!rows'] = Array.from({ length: 60 }, (_, r) => ({ hidden: r % 4 === 1 }));
  ws['!cols'] = Array.from({ length: 10 }, (_, c) => ({ hidden: c === 2 || c === 5 }));
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  const back = XLSX.read(bytes, { type: 'buffer', cellStyles: true }).Sheets['年度报告']!;
  expect([back['!rows']?.[1]?.hidden, back['!cols']?.[2]?.hidden]).toEqual([true, true]); // really hidden
  const s = inspectBytes(bytes, 'x.xlsx', { mappings });
  expect([s.status, s.values]).toEqual(['valid', { ...numbers, 'proactive.procurement.amount': 12 }]);
});

test.each([
  ['0.0', 0],
  ['1,234', 1234],
  ['１，２３４', 1234],
  ['3.0', 3],
  ['12 件', 12],
])('a count printed as %s reads as %d', (printed, value) => {
  const s = inspectBytes(buildWorkbook({ ...report, values: { ...report.values, 'proactive.licensing.decisions': printed } }), 'x.xlsx', { mappings });
  expect([s.values['proactive.licensing.decisions'], s.status]).toEqual([value, 'valid']);
});

test('a header that lost its second line (本年新 twice) is read by position within its block, with a warning at each', () => {
  const sheets = buildSheets(report, ARRANGEMENTS.official!);
  const cut: string[] = [];
  sheets[0]!.rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === '本年新制作数量' || v === '本年新公开数量') {
        row[c] = '本年新';
        cut.push(XLSX.utils.encode_cell({ r, c }));
      }
    }),
  );
  const s = inspectBytes(workbookBytes(sheets), 'x.xlsx', { mappings });
  expect([s.status, s.values]).toEqual(['valid', { ...numbers, 'proactive.procurement.amount': 12 }]);
  const guessed = s.issues.filter((i) => i.code === 'layout.header_guessed');
  expect(guessed.map((i) => [i.severity, i.cell, issueText(i).expected, issueText(i).found])).toEqual([
    ['warning', cut[0], '本年新制作数量', '本年新'],
    ['warning', cut[1], '本年新公开数量', '本年新'],
  ]);
  expect(issueMessage(guessed[0]!)).toBe('表二「第二十条第（一）项」的表头「本年新」不完整，按它在表中的位置读作「本年新制作数量」，请核对');
});

test('a header cell that names no column and begins none is not guessed at: the column stays missing', () => {
  const sheets = buildSheets(report, ARRANGEMENTS.official!);
  sheets[0]!.rows.forEach((row, c) => row.forEach((v, k) => v === '本年新制作数量' && (row[k] = '数量')));
  const s = inspectBytes(workbookBytes(sheets), 'x.xlsx', { mappings });
  expect(s.issues.filter((i) => i.code === 'layout.missing').map((i) => issueMessage(i))).toEqual(['未找到表二「第二十条第（一）项」中的列「本年新制作数量」，请按标准格式填写']);
  expect(s.values['proactive.rules.new_made']).toBeNull();
});

// a row label printed with a small typo, in a workbook, a page and report text: [kind, printed, bound to]
const TYPO_KINDS: Kind[] = ['xlsx', 'html', 'text'];
const typoValues = consistentValues('2021', 8);

function withLabel(from: string, to: string, other: Record<string, string> = {}): PrintedReport {
  const l = formLayout(mappings['2021'], { values: typoValues });
  const printed = { ...other, [from]: to };
  const tables = formTables(l).map((t) => ({ ...t, rows: t.rows.map((row) => row.map((v) => (typeof v === 'string' && printed[v] !== undefined ? printed[v]! : v))) }));
  return { title: '样例镇2022年政府信息公开工作年度报告', compiledBy: '样例镇党政办公室', year: 2022, tables };
}

test.each(TYPO_KINDS)('%s: a row label with a small typo is read as the one label it is closest to, with a warning naming both', (kind) => {
  const s = inspectBytes(renderReport(withLabel('2.其他法律行政法规禁止公开', '2.其他法律行政止公开'), kind), `样例镇.${EXTENSION[kind]}`, { mappings });
  expect([s.status, s.values]).toEqual(['valid', typoValues]);
  expect(s.issues.map(shownIssue)).toEqual([expect.objectContaining({ code: 'layout.label_fuzzy', severity: 'warning', expected: '2.其他法律行政法规禁止公开', found: '2.其他法律行政止公开', cell: expect.any(String) })]);
  expect(issueMessage(s.issues[0]!)).toContain('「2.其他法律行政止公开」');
});

test.each(TYPO_KINDS)('%s: a typo about as close to two labels not yet found binds to neither; nothing is read into a wrong row', (kind) => {
  // 7.属于行政执法案卷 is 2 edits away, 8.属于行政查询事项 (not found either: its label is lost) 3
  const report = withLabel('7.属于行政执法案卷', '7.属于行政查询案卷', { '8.属于行政查询事项': '（空）' });
  const s = inspectBytes(renderReport(report, kind), `样例镇.${EXTENSION[kind]}`, { mappings });
  expect(s.status).toBe('invalid');
  expect(s.issues.some((i) => i.code === 'layout.label_fuzzy')).toBe(false);
  expect(s.values['requests.refused_enforcement_file.total']).toBeNull();
  expect(s.values['requests.refused_query.total']).toBeNull();
  const wrong = Object.entries(s.values).filter(([id, v]) => v !== null && v !== typoValues[id]);
  expect(wrong).toEqual([]);
  expect(s.issues.filter((i) => i.severity === 'error').every((i) => i.cell !== null)).toBe(true);
});

test('report text: 表四 printed with blank cells at both ends of more cells than it has columns is not read (which blank is whose cannot be told)', () => {
  const values = consistentValues('2021', 9);
  const printed = (first: number | null) => {
    const l = formLayout(mappings['2021'], { values: { ...values, 'appeals.review.upheld': first } });
    const appeals = l.tables.appeals;
    const rows = appeals.rows.map((row, r) => (r === appeals.rows.length - 1 ? [...row, null] : row)); // an empty 备注 cell after the row
    const report: PrintedReport = { title: '样例镇2022年政府信息公开工作年度报告', compiledBy: '样例镇党政办公室', year: 2022, tables: [l.tables.proactive, l.tables.requests, { ...appeals, rows }] };
    return inspectBytes(renderReport(report, 'text-lines'), '样例镇.txt', { mappings });
  };
  const blankFirst = printed(null);
  expect(blankFirst.issues.filter((i) => i.severity === 'error').map((i) => [i.code, issueText(i).expected])).toEqual([['layout.row_values', 15]]);
  for (const c of CANONICAL['2021']) if (c.table === 'appeals') expect([c.id, blankFirst.values[c.id]]).toEqual([c.id, null]);
  // with its first cell filled, the blank after the row is no cell of it: read
  const filledFirst = printed(3);
  expect([filledFirst.status, filledFirst.values['appeals.review.upheld'], filledFirst.values['appeals.litigation_after_review.total']]).toEqual(['invalid', 3, values['appeals.litigation_after_review.total']]);
});

// one idea of a number (issue 14 §8): a zero written as —, -, /, 无 reads as 0 in every kind of file
const ZERO_KINDS: Kind[] = ['xlsx', 'csv-utf8', 'html', 'text', 'text-lines'];
test.each(ZERO_KINDS.flatMap((kind) => ['—', '-', '/', '无', '——', '–'].map((zero) => [kind, zero] as const)))('%s: a zero written 「%s」 reads as 0, the row is read', (kind, zero) => {
  const values = { ...consistentValues('2021', 10), 'requests.granted.research': 0 };
  const l = formLayout(mappings['2021'], { values: { ...values, 'requests.granted.research': zero } });
  const report: PrintedReport = { title: '样例镇2022年政府信息公开工作年度报告', compiledBy: '样例镇党政办公室', year: 2022, tables: formTables(l) };
  const s = inspectBytes(renderReport(report, kind), `样例镇.${EXTENSION[kind]}`, { mappings });
  expect([s.status, s.issues.filter((i) => i.severity === 'error')]).toEqual(['valid', []]);
  expect(s.values).toEqual(values);
});
