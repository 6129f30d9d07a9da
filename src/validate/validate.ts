/**
 * validate: every check of a report, through one function. What the report is checked against decides which run:
 * - itself (inspect, where the file is read): the form's rules and the plausibility checks;
 * - last year (ingest, where the ledger is): carry-over and the plausibility checks against the same agency's
 *   accepted report of the year before;
 * - its children (the county outputs): the county's own report against the sum of the others'.
 * Checks return findings (data, by canonical id); `findingIssues` turns them into located, worded issues.
 */
import { CANONICAL, CANONICAL_IDS, type Format } from '../model/canonical';
import { appealsTotal } from './appeals-total';
import { childrenDiffer } from './children-differ';
import { checkPlausibility, checkPlausibilityHistory } from './plausibility';
import { requestsBalance } from './requests-balance';
import { requestsCarryOver } from './requests-carry-over';
import { requestsResultsTotal } from './requests-results-total';
import { requestsRowTotal } from './requests-row-total';
import { proseDiffers } from './prose-differs';
import type { ProseStatement } from './prose-statements';
import type { Finding, Rule, RuleInput } from './rule';

/** The form's own rules, in the order their issues are listed. */
export const RULES: readonly Rule[] = [requestsRowTotal, requestsResultsTotal, requestsBalance, appealsTotal];
export { valuesInput, type Finding, type Rule, type RuleInput } from './rule';

/** A report as validated; what only the checks against itself need is optional (as read from the ledger: unknown). */
export interface Report extends RuleInput {
  /** whether an id was printed in the file (a derived subtotal was not: findings at it repeat its parts'); default all */
  printed?(id: string): boolean;
  /** the agency is a township, 乡, 镇 or street (街道): it cannot make 规章 and reports small numbers; default not */
  township?: boolean;
  /** the figures its prose states (report text, pages, PDFs, Word files), compared with its tables */
  statements?: readonly ProseStatement[];
}

/** What a report is checked against. */
export type Against = { itself: true } | { lastYear: RuleInput } | { children: RuleInput };

export function validate(report: Report, against: Against): Finding[] {
  const ids = CANONICAL[report.format].map((c) => c.id);
  if ('lastYear' in against) return [...checkPlausibilityHistory(report, against.lastYear, ids), ...requestsCarryOver.check(report, against.lastYear)];
  if ('children' in against) return childrenDiffer(report, against.children);
  const printed = (id: string) => report.printed?.(id) ?? true;
  const form = RULES.flatMap((rule) => rule.check(report));
  return [
    ...form.filter((f) => printed(f.at)),
    ...checkPlausibility({ ...report, township: report.township ?? false }, ids.filter(printed)),
    ...proseDiffers(report, report.statements ?? [], form),
  ];
}

/** The ids whose place the checks against last year report (requests.carry_over, plausible.in_force_equals_issued). */
export const HISTORY_RULE_TARGETS: Record<Format, readonly string[]> = {
  '2019': CANONICAL_IDS['2019'].filter(isHistoryRuleTarget),
  '2021': CANONICAL_IDS['2021'].filter(isHistoryRuleTarget),
};

function isHistoryRuleTarget(id: string): boolean {
  return id.startsWith('requests.carried_in.') || /^proactive\.\w+\.in_force$/.test(id);
}
