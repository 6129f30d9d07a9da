import { inspectBytes } from '../../src/inspect';
import type { Format } from '../../src/model/canonical';
import { consistentValues } from '../fixtures/values';
import { buildWorkbook, mappings } from '../fixtures/workbook';
import { issueMessage, issueText, shownIssue } from '../../src/issues';

function check(format: Format, change: Record<string, number | string | null>) {
  const values = { ...consistentValues(format, 3), ...change };
  return inspectBytes(buildWorkbook({ format, agency: '样例镇', year: format === '2019' ? 2020 : 2023, values }), 'r.xlsx', { mappings });
}

/** Where the issues point, as [code, Sheet!A1] pairs, errors only. */
function errors(format: Format, change: Record<string, number | string | null>): [string, string][] {
  return check(format, change).issues.filter((i) => i.severity === 'error').map((i) => [i.code, `${i.sheet}!${i.cell}`]);
}

/** The official layout's address of an id (column letters of the form as `template` writes it). */
function at(format: Format, id: string): string {
  const s = check(format, {});
  return `${s.provenance[id]!.sheet}!${s.provenance[id]!.cell}`;
}

// [description, format, values changed from a consistent report, expected [code, id of the cell reported]]
const table: [string, Format, Record<string, number | string | null>, [string, string][]][] = [
  ['a consistent report', '2021', {}, []],
  ['row 一 总计 one short', '2021', { 'requests.new.total': 'X' }, [['value.type', 'requests.new.total']]],
  ['an applicant cell raised in row （一）', '2021', { 'requests.granted.natural': 999 }, [
    ['requests.row_total', 'requests.granted.total'],
    ['requests.results_total', 'requests.results_total.natural'],
  ]],
  ['（七）总计 of one column off', '2019', { 'requests.results_total.legal': 500 }, [
    ['requests.results_total', 'requests.results_total.legal'],
    ['requests.row_total', 'requests.results_total.total'],
    ['requests.balance', 'requests.carried_out.legal'],
  ]],
  ['结转 breaks the 勾稽关系 in the 总计 column only', '2021', { 'requests.carried_out.total': 1000 }, [
    ['requests.row_total', 'requests.carried_out.total'],
    ['requests.balance', 'requests.carried_out.total'],
  ]],
  ['2021 （六）3.其他 counts in （七）总计', '2021', { 'requests.other_misc.research': 50 }, [
    ['requests.row_total', 'requests.other_misc.total'],
    ['requests.results_total', 'requests.results_total.research'],
  ]],
  ['2019 （六）其他处理 counts in （七）总计', '2019', { 'requests.other_handling.nonprofit': 50 }, [
    ['requests.row_total', 'requests.other_handling.total'],
    ['requests.results_total', 'requests.results_total.nonprofit'],
  ]],
  ['表四 行政复议 总计 off', '2021', { 'appeals.review.total': 99 }, [['appeals.total', 'appeals.review.total']]],
  ['表四 复议后起诉 part raised', '2019', { 'appeals.litigation_after_review.pending': 77 }, [['appeals.total', 'appeals.litigation_after_review.total']]],
  ['text in a count cell', '2021', { 'proactive.licensing.decisions': '若干' }, [['value.type', 'proactive.licensing.decisions']]],
  ['negative in a count cell', '2019', { 'proactive.rules.new_made': -1 }, [['value.type', 'proactive.rules.new_made']]],
  ['unreadable operand skips the rule instead of guessing', '2021', { 'requests.new.natural': '很多' }, [['value.type', 'requests.new.natural']]],
];

test.each(table)('%s', (_description, format, change, expected) => {
  expect(errors(format, change)).toEqual(expected.map(([code, id]) => [code, at(format, id)]));
});

test('a row total is reported at that row’s 总计 cell, the balance at the column’s 结转 cell (official layout)', () => {
  const values = consistentValues('2021', 3);
  const s = check('2021', { 'requests.results_total.natural': Number(values['requests.results_total.natural']) + 1 });
  const cells = Object.fromEntries(s.issues.map((i) => [i.code, i.cell]));
  // 表三 sits in columns D–J of the template: 自然人 is D, 总计 is J; （七）总计 is row 47, 结转 row 48
  expect(cells).toEqual({ 'requests.results_total': 'D47', 'requests.row_total': 'J47', 'requests.balance': 'D48' });
});

test('messages name the form’s labels and give expected and found values', () => {
  const values = consistentValues('2021', 3);
  const s = check('2021', { 'requests.results_total.total': Number(values['requests.results_total.total']) - 1 });
  const issue = s.issues.find((i) => i.code === 'requests.results_total')!;
  expect(shownIssue(issue)).toMatchObject({ severity: 'error', expected: values['requests.results_total.total'], found: Number(values['requests.results_total.total']) - 1 });
  expect(issueMessage(issue)).toBe(`表三「（七）总计」行「总计」列应为 ${issueText(issue).expected}（（一）至（六）各项办理结果之和），实为 ${issueText(issue).found}`);
});

describe('format.year_mismatch', () => {
  test.each([
    ['2019 layout for a 2023 report', '2019' as Format, 2023],
    ['2021 layout for a 2020 report', '2021' as Format, 2020],
  ])('%s is one error at the table-二 header (its first 信息内容 row), not a pile of missing labels', (_d, format, year) => {
    const s = inspectBytes(buildWorkbook({ format, agency: '杨林镇', year, values: consistentValues(format) }), 'y.xlsx', { mappings });
    expect(s.format).toBe(format);
    expect(s.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.sheet, i.cell])).toEqual([['format.year_mismatch', '年度报告', 'A6']]);
    expect(s.status).toBe('invalid');
  });
});

// the balance's message: [description, change, knock-on, the message's tail]
test.each([
  ['only 结转 wrong: the value that balances the column is named', { 'requests.carried_out.natural': 'carried+1' }, /「四、结转下年度继续办理」行「自然人」列应为 \d+（本年新收 \+ 上年结转 − （七）总计，即本列勾稽关系），实为 \d+$/],
  ['（七）总计 of the column wrong too: which sides disagree, not a value computed from the wrong one', { 'requests.results_total.natural': 500 }, /「自然人」列的勾稽关系不成立：本年新收 \+ 上年结转 = \d+，（七）总计 \+ 结转下年度继续办理 = \d+，两者应相等；本列另有合计不对，请先改正上面指出的合计，再核对本列$/],
  // （一） raised so that （七）总计 adds up to 500, more than came in
  ['a balancing 结转 would be negative: never 「应为 -120」', { 'requests.results_total.natural': 500, 'requests.granted.natural': 'fix' }, /「自然人」列的勾稽关系不成立：本年新收 \+ 上年结转 = \d+，（七）总计 \+ 结转下年度继续办理 = \d+，两者应相等；/],
])('requests.balance, %s', (_d, change, message) => {
  const values = consistentValues('2021', 3);
  const resolved: Record<string, number> = {};
  for (const [id, v] of Object.entries(change)) resolved[id] = v === 'carried+1' ? values[id]! + 1 : v === 'fix' ? values[id]! + 500 - values['requests.results_total.natural']! : (v as number);
  const s = check('2021', resolved);
  const balance = s.issues.find((i) => i.code === 'requests.balance')!;
  expect(issueMessage(balance)).toMatch(message);
  expect(issueMessage(balance)).not.toMatch(/应为 -/);
});
