/** requests.row_total — every row of 表三: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他. */
import { FORMATS, REQUEST_APPLICANT_COLUMNS, requestRows, type Format } from '../model/canonical';
import { compare, sumOf, type Rule } from './rule';

const CHECKS = Object.fromEntries(
  FORMATS.map((format) => [format, requestRows(format).map((row) => ({ at: `requests.${row}.total`, parts: REQUEST_APPLICANT_COLUMNS.map((c) => `requests.${row}.${c}`) }))]),
) as Record<Format, { at: string; parts: string[] }[]>;

export const requestsRowTotal: Rule = {
  code: 'requests.row_total',
  check: (input) => CHECKS[input.format].flatMap(({ at, parts }) => compare(input, 'requests.row_total', at, sumOf(input, parts))),
};
