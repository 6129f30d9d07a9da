/**
 * requests.balance — the form's own 勾稽关系, every column of 表三: 一 + 二 = 三（七）总计 + 四.
 * Reported at the column's 四、结转下年度继续办理 cell, as the value that would balance the column.
 */
import { REQUEST_COLUMNS } from '../model/canonical';
import { compare, sumOf, type Rule } from './rule';

/**
 * The rows the value that would balance a column is computed from: where one of their totals is itself wrong (its row
 * or its column), that value means nothing.
 */
const OPERANDS = ['new', 'carried_in', 'results_total'];

export const requestsBalance: Rule = {
  code: 'requests.balance',
  check: (input) =>
    REQUEST_COLUMNS.flatMap((column) => {
      const incoming = sumOf(input, [`requests.new.${column}`, `requests.carried_in.${column}`]);
      const handled = input.value(`requests.results_total.${column}`);
      const expected = incoming === null || handled === null ? null : incoming - handled;
      return compare(input, 'requests.balance', `requests.carried_out.${column}`, expected).map((f) => ({
        ...f,
        sides: { incoming: incoming!, outgoing: handled! + f.found },
        dependsOn: OPERANDS.map((row) => `requests.${row}.${column}`).concat(column === 'total' ? [] : OPERANDS.map((row) => `requests.${row}.total`)),
      }));
    }),
};
