/** appeals.total — each group of 表四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. */
import { APPEAL_GROUPS, APPEAL_PARTS } from '../model/canonical';
import { compare, sumOf, type Rule } from './rule';

export const appealsTotal: Rule = {
  code: 'appeals.total',
  check: (input) =>
    APPEAL_GROUPS.flatMap((group) =>
      compare(input, 'appeals.total', `appeals.${group}.total`, sumOf(input, APPEAL_PARTS.map((p) => `appeals.${group}.${p}`))),
    ),
};
