/** requests.results_total — every column of 表三: （七）总计 = （一）+（二）+ Σ（三）+ Σ（四）+ Σ（五）+（六）. */
import { FORMATS, REQUEST_COLUMNS, requestOutcomeRows, type Format } from '../model/canonical';
import { compare, sumOf, type Rule } from './rule';

const CHECKS = Object.fromEntries(
  FORMATS.map((format) => [format, REQUEST_COLUMNS.map((column) => ({ at: `requests.results_total.${column}`, parts: requestOutcomeRows(format).map((row) => `requests.${row}.${column}`) }))]),
) as Record<Format, { at: string; parts: string[] }[]>;

export const requestsResultsTotal: Rule = {
  code: 'requests.results_total',
  check: (input) => CHECKS[input.format].flatMap(({ at, parts }) => compare(input, 'requests.results_total', at, sumOf(input, parts))),
};
