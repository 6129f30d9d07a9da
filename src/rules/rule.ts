/**
 * What a rule is: a check written once against canonical ids. A rule never computes a cell address: it names the
 * id a clerk must look at (`at`), and validate looks up where that id was read and words the message.
 */
import type { Format } from '../model/canonical';

export interface RuleInput {
  format: Format;
  /** the value read for an id; null where it could not be read (that cell already has a value.type issue) */
  value(id: string): number | null;
}

export interface Finding {
  code: 'requests.row_total' | 'requests.results_total' | 'requests.balance' | 'appeals.total';
  at: string;
  expected: number;
  found: number;
  /** requests.balance: the two sides that disagree, 一 + 二 and 三（七）总计 + 四 */
  sides?: { incoming: number; outgoing: number };
  /** ids whose own totals must hold for `expected` to mean anything (a finding at one of them makes this a knock-on) */
  dependsOn?: string[];
}

export interface Rule {
  code: Finding['code'];
  check(input: RuleInput): Finding[];
}

/** A rule that compares a report with the same agency's report of the year before (from the ledger). */
export interface HistoryRule {
  code: HistoryFinding['code'];
  check(current: RuleInput, previous: RuleInput): HistoryFinding[];
}

export interface HistoryFinding {
  code: 'requests.carry_over';
  at: string;
  /** the id in the previous report the expected value comes from */
  from: string;
  expected: number;
  found: number;
}

/** Sum of the values of ids, or null when any of them (or `at`) could not be read: such a check is skipped. */
export function sumOf(input: RuleInput, ids: readonly string[]): number | null {
  let sum = 0;
  for (const id of ids) {
    const v = input.value(id);
    if (v === null) return null;
    sum += v;
  }
  return sum;
}

/** A finding when `at` differs from `expected` (both readable). */
export function compare(input: RuleInput, code: Finding['code'], at: string, expected: number | null): Finding[] {
  const found = input.value(at);
  if (expected === null || found === null || found === expected) return [];
  return [{ code, at, expected, found }];
}
