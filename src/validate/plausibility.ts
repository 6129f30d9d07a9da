/**
 * Plausibility warnings: failures seen in real reports that break no rule of the form but rarely are what the
 * agency meant. Warnings only, never errors. Written against canonical ids; `at` is the id a clerk should look at.
 */
import type { Format } from '../model/canonical';
import type { PlausibleFinding, RuleInput } from './rule';

export interface PlausibilityInput extends RuleInput {
  /** the agency is a township, 乡, 镇 or street (街道): it cannot make 规章 and reports small numbers */
  township: boolean;
}

const RULES_COLUMNS: Record<Format, string[]> = { '2019': ['new_made', 'new_published', 'total_published'], '2021': ['issued', 'repealed', 'in_force'] };
const ITEM_ROWS = ['licensing', 'other_services', 'penalty', 'enforcement'];
/** A township reporting this many of anything, in round thousands, more likely estimated than counted. */
const ESTIMATE_FLOOR = 10_000;

/** Agencies that are townships or streets, by their name (八道壕镇, 南山乡, 西湖街道, 某某苏木). */
export function isTownshipName(agency: string | null): boolean {
  return agency !== null && /(乡|镇|街道|苏木)$/.test(agency);
}

export function checkPlausibility(input: PlausibilityInput, ids: readonly string[]): PlausibleFinding[] {
  const found: PlausibleFinding[] = [];
  const v = (id: string) => input.value(id);
  if (input.township) {
    const at = RULES_COLUMNS[input.format].map((c) => `proactive.rules.${c}`).find((id) => (v(id) ?? 0) > 0);
    if (at) found.push({ code: 'plausible.rules_by_township', at, found: v(at)! });
  }
  if (input.format === '2019') {
    for (const row of ['rules', 'normative_docs']) {
      const total = v(`proactive.${row}.total_published`);
      const published = v(`proactive.${row}.new_published`);
      if (total !== null && published !== null && total < published) found.push({ code: 'plausible.total_below_new', at: `proactive.${row}.total_published`, found: total, newPublished: published });
    }
    for (const row of ITEM_ROWS) {
      const [items, change, decisions] = ['prev_items', 'change', 'decisions'].map((c) => v(`proactive.${row}.${c}`));
      if (items === null || items === undefined || change === null || change === undefined || decisions === null || decisions === undefined) continue;
      if (decisions > 0 && change !== 0 && decisions === items + change) found.push({ code: 'plausible.decisions_equal_items', at: `proactive.${row}.decisions`, found: decisions, prevItems: items, change });
    }
  }
  if (input.township) {
    for (const id of ids) {
      const value = v(id);
      if (value !== null && value >= ESTIMATE_FLOOR && value % 1000 === 0 && !id.endsWith('.amount')) found.push({ code: 'plausible.round_estimate', at: id, found: value });
    }
  }
  return found;
}

/** Against the same agency's accepted report of the year before (same format): a copy, or 现行有效件数 misread. */
export function checkPlausibilityHistory(current: RuleInput, previous: RuleInput, ids: readonly string[]): PlausibleFinding[] {
  const found: PlausibleFinding[] = [];
  if (current.format === previous.format) {
    const values = ids.map((id) => current.value(id));
    if (values.some((x) => x !== null && x !== 0) && ids.every((id, n) => values[n] === previous.value(id))) found.push({ code: 'plausible.copied_last_year', at: null });
  }
  if (current.format === '2021' && previous.format === '2021') {
    for (const row of ['rules', 'normative_docs']) {
      const inForce = current.value(`proactive.${row}.in_force`);
      const issued = current.value(`proactive.${row}.issued`);
      const before = previous.value(`proactive.${row}.in_force`);
      if (inForce !== null && issued !== null && before !== null && inForce === issued && before > inForce) {
        found.push({ code: 'plausible.in_force_equals_issued', at: `proactive.${row}.in_force`, found: inForce, previousInForce: before });
      }
    }
  }
  return found;
}
