/**
 * requests.balance — the form's own 勾稽关系, every column of 表三: 一 + 二 = 三（七）总计 + 四.
 * Reported at the column's 四、结转下年度继续办理 cell, as the value that would balance the column.
 */
import { REQUEST_COLUMNS } from '../model/canonical';
import { compare, sumOf, type Rule } from './rule';

export const requestsBalance: Rule = {
  code: 'requests.balance',
  check: (input) =>
    REQUEST_COLUMNS.flatMap((column) => {
      const incoming = sumOf(input, [`requests.new.${column}`, `requests.carried_in.${column}`]);
      const handled = input.value(`requests.results_total.${column}`);
      const expected = incoming === null || handled === null ? null : incoming - handled;
      return compare(input, 'requests.balance', `requests.carried_out.${column}`, expected);
    }),
};
