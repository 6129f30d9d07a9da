/** The rules run on every submission, in the order their issues are listed. */
import { appealsTotal } from './appeals-total';
import { requestsBalance } from './requests-balance';
import { requestsResultsTotal } from './requests-results-total';
import { requestsRowTotal } from './requests-row-total';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [requestsRowTotal, requestsResultsTotal, requestsBalance, appealsTotal];
export type { Finding, Rule, RuleInput } from './rule';

/** Rules that need the same agency's report of the previous year (run when the ledger has it). */
export { requestsCarryOver } from './requests-carry-over';
export type { HistoryFinding, HistoryRule } from './rule';

/** The ids whose place the history rules report (requests.carry_over, plausible.in_force_equals_issued). */
export function isHistoryRuleTarget(id: string): boolean {
  return id.startsWith('requests.carried_in.') || /^proactive\.\w+\.in_force$/.test(id);
}
