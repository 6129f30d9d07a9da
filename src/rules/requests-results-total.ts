/** requests.results_total — every column of 表三: （七）总计 = （一）+（二）+ Σ（三）+ Σ（四）+ Σ（五）+（六）. */
import { REQUEST_COLUMNS, requestOutcomeRows } from '../model/canonical';
import { compare, sumOf, type Rule } from './rule';

export const requestsResultsTotal: Rule = {
  code: 'requests.results_total',
  check: (input) =>
    REQUEST_COLUMNS.flatMap((column) =>
      compare(input, 'requests.results_total', `requests.results_total.${column}`, sumOf(input, requestOutcomeRows(input.format).map((row) => `requests.${row}.${column}`))),
    ),
};
