/** requests.results_total — every column of 表三: （七）总计 = （一）+（二）+ Σ（三）+ Σ（四）+ Σ（五）+（六）. */
import { REQUEST_COLUMNS, REQUEST_OUTCOME_ROWS } from '../model/canonical';
import { compare, sumOf, type Rule } from './rule';

/** Both formats: （六） is summed as a whole (format 2021: the subtotal of its three rows, see SUBTOTALS). */
const CHECKS = REQUEST_COLUMNS.map((column) => ({ at: `requests.results_total.${column}`, parts: REQUEST_OUTCOME_ROWS.map((row) => `requests.${row}.${column}`) }));

export const requestsResultsTotal: Rule = {
  code: 'requests.results_total',
  check: (input) => CHECKS.flatMap(({ at, parts }) => compare(input, 'requests.results_total', at, sumOf(input, parts))),
};
