/**
 * requests.carry_over (warning) — every column of 表三: this year's 二、上年结转 = last year's 四、结转下年度继续办理
 * of the same agency. Holds across the 2020→2021 format change (those rows did not change).
 */
import { REQUEST_COLUMNS } from '../model/canonical';
import type { HistoryRule } from './rule';

export const requestsCarryOver: HistoryRule = {
  code: 'requests.carry_over',
  check: (current, previous) =>
    REQUEST_COLUMNS.flatMap((column) => {
      const at = `requests.carried_in.${column}`;
      const from = `requests.carried_out.${column}`;
      const found = current.value(at);
      const expected = previous.value(from);
      return found === null || expected === null || found === expected ? [] : [{ code: 'requests.carry_over' as const, at, from, expected, found }];
    }),
};
