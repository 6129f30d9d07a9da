/**
 * Plausibility warnings (issue 8 §3): what breaks no rule of the form but is rarely what an agency meant. Warnings
 * only — the submission stays valid — each at the cell to look at, in Chinese.
 */
import { inspectBytes } from '../../src/inspect';
import type { Format } from '../../src/model/canonical';
import { makeCounty, parseCsv } from '../fixtures/county';
import { consistentValues } from '../fixtures/values';
import { buildWorkbook, mappings } from '../fixtures/workbook';
import { issueMessage } from '../../src/issues';

function inspect(format: Format, agency: string, change: Record<string, number>) {
  const values = { ...consistentValues(format, 12), ...change };
  return inspectBytes(buildWorkbook({ format, agency, year: format === '2019' ? 2020 : 2022, values }), 'x.xlsx', { mappings });
}

test.each([
  // [case, format, agency, change, code or null, message]
  ['a township reporting 规章', '2021', '八道壕镇人民政府', { 'proactive.rules.issued': 2 }, 'plausible.rules_by_township', '表二「规章」行「本年制发件数」填了 2：乡镇、街道没有制定规章的权限，请核对是否把规范性文件填进了规章一行'],
  ['a street reporting 规章 (format 2019)', '2019', '西湖街道办事处', { 'proactive.rules.total_published': 1 }, 'plausible.rules_by_township', '表二「规章」行「对外公开总数量」填了 1：乡镇、街道没有制定规章的权限，请核对是否把规范性文件填进了规章一行'],
  ['a county department reporting 规章 is fine', '2021', '样例县司法局', { 'proactive.rules.issued': 2 }, null, ''],
  ['对外公开总数量 below 本年新公开数量', '2019', '八道壕镇', { 'proactive.normative_docs.new_published': 9, 'proactive.normative_docs.total_published': 5 }, 'plausible.total_below_new', '表二「规范性文件」行「对外公开总数量」为 5，比本年新公开数量 9 还少：对外公开总数量应包括本年新公开的，请核对'],
  ['处理决定数量 = 上一年项目数量 + 本年增/减', '2019', '八道壕镇', { 'proactive.licensing.prev_items': 40, 'proactive.licensing.change': -3, 'proactive.licensing.decisions': 37 }, 'plausible.decisions_equal_items', '表二「行政许可」行「处理决定数量」（37）恰好等于上一年项目数量 40 加本年增/减 -3：疑似把事项数填进了处理决定数量（办件量）一栏，请核对'],
  ['… but not when nothing changed and nothing was decided', '2019', '八道壕镇', { 'proactive.licensing.prev_items': 0, 'proactive.licensing.change': 0, 'proactive.licensing.decisions': 0 }, null, ''],
  ['a round 20,000 in a township', '2021', '八道壕镇', { 'proactive.licensing.decisions': 20000 }, 'plausible.round_estimate', '表二「行政许可」行「本年处理决定数量」为 20000：乡镇（街道）的数字这么大又是整千，像是估计数，请核对'],
  ['… 20,345 is counted, not estimated', '2021', '八道壕镇', { 'proactive.licensing.decisions': 20345 }, null, ''],
  ['… and a county department may decide 20,000', '2021', '样例县市场监督管理局', { 'proactive.licensing.decisions': 20000 }, null, ''],
] as [string, Format, string, Record<string, number>, string | null, string][])('%s', (_d, format, agency, change, code, message) => {
  const s = inspect(format, agency, change);
  expect(s.status).toBe('valid');
  const plausible = s.issues.filter((i) => i.code!.startsWith('plausible.'));
  if (code === null) {
    expect(plausible).toEqual([]);
    return;
  }
  expect(plausible.map((i) => [i.code, i.severity, issueMessage(i)])).toEqual([[code, 'warning', message]]);
  const at = Object.keys(change).find((id) => s.provenance[id]?.cell === plausible[0]!.cell);
  expect(at).toBeDefined(); // pointed at one of the cells concerned
});

test('against last year: a copied report, and 现行有效件数 that forgot the earlier documents', async () => {
  const county = makeCounty({ county: '样例县', roster: [{ name: '八道壕镇' }, { name: '东风镇' }] });
  try {
    const last = { ...consistentValues('2021', 3), 'proactive.normative_docs.in_force': 30 };
    county.drop('八道壕镇2021.xlsx', buildWorkbook({ format: '2021', agency: '八道壕镇', year: 2021, values: consistentValues('2021', 7) }), '2022-01-05T01:00:00Z');
    county.drop('东风镇2021.xlsx', buildWorkbook({ format: '2021', agency: '东风镇', year: 2021, values: last }), '2022-01-05T02:00:00Z');
    // 八道壕镇 sends last year's figures again as 2022; 东风镇's 现行有效件数 equals this year's 制发 only
    county.drop('八道壕镇2022.xlsx', buildWorkbook({ format: '2021', agency: '八道壕镇', year: 2022, values: consistentValues('2021', 7) }), '2023-01-05T01:00:00Z');
    const now = { ...consistentValues('2021', 4), 'proactive.normative_docs.issued': 6, 'proactive.normative_docs.in_force': 6 };
    county.drop('东风镇2022.xlsx', buildWorkbook({ format: '2021', agency: '东风镇', year: 2022, values: now }), '2023-01-05T02:00:00Z');
    expect((await county.run()).code).toBe(0);
    const issues = parseCsv(county.read('outbox/2022/issues.csv')).filter((i) => i.code!.startsWith('plausible.'));
    expect(issues.map((i) => [i.agency, i.code, i.severity, i.cell === '' ? '' : 'cell', i.message])).toEqual([
      ['东风镇', 'plausible.in_force_equals_issued', 'warning', 'cell', '表二「行政规范性文件」行「现行有效件数」等于本年制发件数（6），而2021年度现行有效件数为 30：现行有效件数应包括以前年度制发、至今仍有效的文件，请核对'],
      ['八道壕镇', 'plausible.copied_last_year', 'warning', '', '全部数字与本单位2021年度的报表完全相同：是否误报了上一年的表？请核对'],
    ]);
    expect(parseCsv(county.read('outbox/2022/submissions.csv')).map((s) => s.status)).toEqual(['accepted', 'accepted']);
  } finally {
    county.cleanup();
  }
});
