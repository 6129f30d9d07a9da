/**
 * What a check is: written once against canonical ids. A check never computes a cell address: it names the id a
 * clerk must look at (`at`), and `findingIssues` looks up where that id was read and words the message.
 */
import type { Format } from '../model/canonical';
import type { ProseStatement } from './prose-statements';

/** A report as the checks see it: its values by canonical id. */
export interface RuleInput {
  format: Format;
  /** the value read for an id; null where it could not be read (that cell already has a value.type issue) */
  value(id: string): number | null;
}

/** A report's values by id (null or absent: not read) as the checks see them. */
export function valuesInput(format: Format, values: Readonly<Record<string, number | null>>): RuleInput {
  return { format, value: (id) => values[id] ?? null };
}

/** What the form's own rules find (errors). */
export interface FormFinding {
  code: 'requests.row_total' | 'requests.results_total' | 'requests.balance' | 'appeals.total';
  at: string;
  expected: number;
  found: number;
  /** requests.balance: the two sides that disagree, 一 + 二 and 三（七）总计 + 四 */
  sides?: { incoming: number; outgoing: number };
  /** ids whose own totals must hold for `expected` to mean anything (a finding at one of them makes this a knock-on) */
  dependsOn?: string[];
}

/** Against the same agency's report of the year before: 上年结转 must be last year's 结转下年度. */
export interface CarryOverFinding {
  code: 'requests.carry_over';
  at: string;
  /** the id in the previous report the expected value comes from */
  from: string;
  expected: number;
  found: number;
}

/** Failures seen in real reports that break no rule of the form but rarely are what the agency meant (warnings). */
export type PlausibleFinding =
  | { code: 'plausible.rules_by_township'; at: string; found: number }
  | { code: 'plausible.total_below_new'; at: string; found: number; newPublished: number }
  | { code: 'plausible.decisions_equal_items'; at: string; found: number; prevItems: number; change: number }
  | { code: 'plausible.round_estimate'; at: string; found: number }
  | { code: 'plausible.copied_last_year'; at: null }
  | { code: 'plausible.in_force_equals_issued'; at: string; found: number; previousInForce: number };

/** The county's own report against the sum of its townships' and departments' reports. */
export interface ChildrenFinding {
  code: 'county.children_differ';
  at: string;
  parent: number;
  children: number;
}

/** A figure the report's words state that its tables do not give. */
export interface ProseFinding {
  code: 'plausible.prose_differs';
  at: null;
  statement: ProseStatement;
  /** the tables' figure for it */
  table: number;
}

export type Finding = FormFinding | CarryOverFinding | PlausibleFinding | ChildrenFinding | ProseFinding;

export interface Rule {
  code: FormFinding['code'];
  check(input: RuleInput): FormFinding[];
}

/** A rule that compares a report with the same agency's report of the year before (from the ledger). */
export interface HistoryRule {
  code: CarryOverFinding['code'];
  check(current: RuleInput, previous: RuleInput): CarryOverFinding[];
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
export function compare(input: RuleInput, code: FormFinding['code'], at: string, expected: number | null): FormFinding[] {
  const found = input.value(at);
  if (expected === null || found === null || found === expected) return [];
  return [{ code, at, expected, found }];
}
