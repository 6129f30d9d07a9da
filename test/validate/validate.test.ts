/**
 * The checks on their own: values by canonical id, no workbook in between. First the form's rules, rule by rule
 * [description, format, changes to a consistent report, the findings expected as [code, at, expected, found]]; then
 * `validate` against itself, last year and the children; then findings becoming issues.
 */
import { RULES, validate, valuesInput, type Finding, type Report } from '../../src/validate/validate';
import { findingIssues } from '../../src/validate/finding-issues';
import { issueMessage } from '../../src/issues';
import { mappings } from '../fixtures/workbook';
import type { Format } from '../../src/model/canonical';
import { consistentValues } from '../fixtures/values';

function findings(format: Format, change: Record<string, number | null>) {
  const values: Record<string, number | null> = { ...consistentValues(format, 5), ...change };
  return RULES.flatMap((rule) => rule.check(valuesInput(format, values))).map((f) => [f.code, f.at, f.expected, f.found]);
}

const base = (format: Format, id: string) => consistentValues(format, 5)[id]!;

const TABLE: [string, Format, Record<string, number | null>, (string | number)[][]][] = [
  ['a consistent report holds every rule', '2021', {}, []],
  ['a row whose 总计 is one short', '2021', { 'requests.new.total': base('2021', 'requests.new.total') - 1 }, [
    ['requests.row_total', 'requests.new.total', base('2021', 'requests.new.total'), base('2021', 'requests.new.total') - 1],
    ['requests.balance', 'requests.carried_out.total', base('2021', 'requests.carried_out.total') - 1, base('2021', 'requests.carried_out.total')],
  ]],
  ['表四: a group total off', '2019', { 'appeals.review.total': base('2019', 'appeals.review.total') + 2 }, [
    ['appeals.total', 'appeals.review.total', base('2019', 'appeals.review.total'), base('2019', 'appeals.review.total') + 2],
  ]],
  ['an unreadable operand (null) skips the checks it is in, never guesses', '2021', { 'requests.granted.natural': null }, []],
  ['2021: （七）总计 adds （六） as the subtotal, not its three rows', '2021', { 'requests.other_misc.natural': base('2021', 'requests.other_misc.natural') + 5 }, [
    ['requests.row_total', 'requests.other_misc.total', base('2021', 'requests.other_misc.total') + 5, base('2021', 'requests.other_misc.total')],
  ]],
  ['2021: a subtotal read as one row (its rows null) is what （七）总计 adds', '2021', {
    'requests.other_no_correction.natural': null, 'requests.other_fee_unpaid.natural': null, 'requests.other_misc.natural': null,
    'requests.other_handling.natural': base('2021', 'requests.other_handling.natural') + 1,
  }, [
    ['requests.row_total', 'requests.other_handling.total', base('2021', 'requests.other_handling.total') + 1, base('2021', 'requests.other_handling.total')],
    ['requests.results_total', 'requests.results_total.natural', base('2021', 'requests.results_total.natural') + 1, base('2021', 'requests.results_total.natural')],
  ]],
];

test.each(TABLE)('%s', (_d, format, change, expected) => {
  expect(findings(format, change)).toEqual(expected);
});

function report(format: Format, change: Record<string, number | null>, township = true, seed = 5): Report {
  return { ...valuesInput(format, { ...consistentValues(format, seed), ...change }), township };
}
const codes = (findings: { code: string; at: string | null }[]) => findings.map((f) => [f.code, f.at]);

// [description, the report, what it is checked against, [code, at] of the findings]
const AGAINST: [string, Report, Parameters<typeof validate>[1], (string | null)[][]][] = [
  ['itself: consistent, nothing', report('2021', {}), { itself: true }, []],
  ['itself: a township with 规章 (plausibility runs with the form rules)', report('2021', { 'proactive.rules.issued': 2 }), { itself: true }, [['plausible.rules_by_township', 'proactive.rules.issued']]],
  ['itself: a department may have 规章', report('2021', { 'proactive.rules.issued': 2 }, false), { itself: true }, []],
  ['itself: a derived subtotal (not printed) is not reported, its parts are', {
    ...report('2021', { 'requests.other_misc.natural': base('2021', 'requests.other_misc.natural') + 5 }),
    printed: (id) => !id.startsWith('requests.other_handling.'),
  }, { itself: true }, [['requests.row_total', 'requests.other_misc.total']]],
  ['last year: the same numbers again', report('2021', {}), { lastYear: report('2021', {}) }, [['plausible.copied_last_year', null], ...['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other_org', 'total']
    .filter((c) => consistentValues('2021', 5)[`requests.carried_in.${c}`] !== consistentValues('2021', 5)[`requests.carried_out.${c}`])
    .map((c) => ['requests.carry_over', `requests.carried_in.${c}`])]],
  ['last year: 上年结转 equal to last year’s 结转下年度', report('2021', Object.fromEntries(['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other_org', 'total'].map((c) => [`requests.carried_in.${c}`, consistentValues('2021', 6)[`requests.carried_out.${c}`]!]))),
    { lastYear: report('2021', {}, true, 6) }, []],
  ['children: the county equal to their sum', report('2021', {}), { children: report('2021', {}) }, []],
  ['children: one cell differs', report('2021', { 'appeals.review.upheld': 9 }), { children: report('2021', { 'appeals.review.upheld': 7 }) }, [['county.children_differ', 'appeals.review.upheld']]],
  ['children: a cell not every child gave (null) is not compared', report('2021', { 'appeals.review.upheld': 9 }), { children: report('2021', { 'appeals.review.upheld': null }) }, []],
  ['children: another format is not comparable', report('2021', {}), { children: report('2019', {}) }, []],
];

test.each(AGAINST)('validate, %s', (_d, r, against, expected) => {
  expect(codes(validate(r, against))).toEqual(expected);
});

test('findings become issues in one place: placed where read, named by the mapping, a balance over a wrong total is a knock-on', () => {
  const r = report('2021', { 'requests.new.total': base('2021', 'requests.new.total') - 1 });
  const issues = findingIssues(validate(r, { itself: true }), { mapping: mappings['2021'], place: (id) => (id === 'requests.new.total' ? { sheet: '年度报告', cell: 'J24' } : undefined) });
  expect(issues.map((i) => [i.code, i.severity, i.sheet, i.cell])).toEqual([['requests.row_total', 'error', '年度报告', 'J24'], ['requests.balance', 'error', null, null]]);
  expect(issueMessage(issues[0]!)).toBe(`表三「一、本年新收政府信息公开申请数量」行「总计」应为 ${base('2021', 'requests.new.total')}（前六列之和），实为 ${base('2021', 'requests.new.total') - 1}`);
  expect(issueMessage(issues[1]!)).toContain('本列另有合计不对');
});

// [description, the findings beside a balance finding, whether the balance is worded as a knock-on]
const KNOCK_ON: [string, Finding[], boolean][] = [
  ['alone: it names the value that would balance', [], false],
  ['beside a wrong row total it depends on: a knock-on', [{ code: 'requests.row_total', at: 'requests.new.total', expected: 10, found: 11 }], true],
  ['beside a warning at the same total (a round estimate): not a knock-on', [{ code: 'plausible.round_estimate', at: 'requests.new.total', found: 10000 }], false],
  ['beside a wrong total it does not depend on: not a knock-on', [{ code: 'appeals.total', at: 'appeals.review.total', expected: 1, found: 2 }], false],
];

test.each(KNOCK_ON)('a balance finding %s', (_d, others, knockOn) => {
  const balance: Finding = { code: 'requests.balance', at: 'requests.carried_out.total', expected: 5, found: 6, sides: { incoming: 20, outgoing: 21 }, dependsOn: ['requests.new.total'] };
  const issue = findingIssues([...others, balance], { mapping: mappings['2021'], place: () => undefined }).at(-1)!;
  expect([issue.code, issueMessage(issue).includes('本列另有合计不对')]).toEqual(['requests.balance', knockOn]);
});
