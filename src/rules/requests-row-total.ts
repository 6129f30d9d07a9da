/** requests.row_total — every row of 表三: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他. */
import { REQUEST_APPLICANT_COLUMNS, requestRows } from '../model/canonical';
import { compare, sumOf, type Rule } from './rule';

export const requestsRowTotal: Rule = {
  code: 'requests.row_total',
  check: (input) =>
    requestRows(input.format).flatMap((row) =>
      compare(input, 'requests.row_total', `requests.${row}.total`, sumOf(input, REQUEST_APPLICANT_COLUMNS.map((c) => `requests.${row}.${c}`))),
    ),
};
