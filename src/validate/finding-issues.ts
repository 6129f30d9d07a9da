/**
 * Findings become issues here, and only here: each is placed where its id was read (`place`) and named by the labels
 * of the mapping; the issue keeps the data the message is worded from (issues.ts).
 */
import { makeIssue, type Issue } from '../issues';
import { cellNames, type Mapping } from '../mapping/load';
import type { CellRef } from '../place';
import type { Finding } from './rule';

export interface FindingContext {
  /** the mapping of the report's format (its labels name the cells) */
  mapping: Mapping;
  /** where an id was read; undefined where it was not (the issue is about the whole file) */
  place(id: string): CellRef | undefined;
  /** for the checks against last year: its year and the mapping of its format */
  lastYear?: { year: number; mapping: Mapping };
}

/** The form's rules that check a total: a finding of one makes a balance over that total a knock-on. */
const TOTAL_RULES = new Set<Finding['code']>(['requests.row_total', 'requests.results_total', 'appeals.total']);

export function findingIssues(findings: readonly Finding[], { mapping, place, lastYear }: FindingContext): Issue[] {
  // a balance over figures whose own totals are wrong (the form's rules, not a warning) cannot say which figure is:
  // it says which sides disagree
  const totalsWrong = new Set(findings.filter((f) => TOTAL_RULES.has(f.code)).map((f) => f.at));
  const previousYear = lastYear?.year ?? 0;
  return findings.map((f) => {
    if (f.code === 'plausible.copied_last_year') return makeIssue({ code: f.code, previousYear });
    const at = cellNames(mapping, f.at);
    const ref = place(f.at);
    switch (f.code) {
      case 'requests.balance':
        return makeIssue({ code: f.code, at, expected: f.expected, found: f.found, sides: f.sides!, knockOn: f.dependsOn?.some((id) => totalsWrong.has(id)) ?? false }, ref);
      case 'requests.row_total':
      case 'requests.results_total':
      case 'appeals.total':
        return makeIssue({ code: f.code, at, expected: f.expected, found: f.found }, ref);
      case 'requests.carry_over':
        return makeIssue({ code: f.code, at, expected: f.expected, found: f.found, previousYear, previousRow: cellNames(lastYear?.mapping ?? mapping, f.from).row }, ref);
      case 'plausible.in_force_equals_issued':
        return makeIssue({ code: f.code, at, found: f.found, previousInForce: f.previousInForce, previousYear }, ref);
      case 'plausible.total_below_new':
        return makeIssue({ code: f.code, at, found: f.found, newPublished: f.newPublished }, ref);
      case 'plausible.decisions_equal_items':
        return makeIssue({ code: f.code, at, found: f.found, prevItems: f.prevItems, change: f.change }, ref);
      case 'plausible.rules_by_township':
      case 'plausible.round_estimate':
        return makeIssue({ code: f.code, at, found: f.found }, ref);
      case 'county.children_differ':
        return makeIssue({ code: f.code, at, parent: f.parent, children: f.children }, ref);
    }
  });
}
