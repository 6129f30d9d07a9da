/**
 * The form's rules on their own (issue 14 §9): each rule given values by canonical id, no workbook in between.
 * [description, format, changes to a consistent report, the findings expected as [code, at, expected, found]]
 */
import { RULES, type RuleInput } from '../src/rules';
import type { Format } from '../src/model/canonical';
import { consistentValues } from './fixtures/values';

function findings(format: Format, change: Record<string, number | null>) {
  const values: Record<string, number | null> = { ...consistentValues(format, 5), ...change };
  const input: RuleInput = { format, value: (id) => values[id] ?? null };
  return RULES.flatMap((rule) => rule.check(input)).map((f) => [f.code, f.at, f.expected, f.found]);
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
