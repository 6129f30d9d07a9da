/**
 * county.children_differ (warning) — the county's own report (roster kind "county") against the sum of the accepted
 * reports of its townships and departments, cell by cell. Cells the county left unread (null) or that not every
 * other agency gave (null in the sum) are not compared; different formats are not comparable.
 */
import { CANONICAL } from '../model/canonical';
import type { ChildrenFinding, RuleInput } from './rule';

export function childrenDiffer(parent: RuleInput, children: RuleInput): ChildrenFinding[] {
  if (parent.format !== children.format) return [];
  return CANONICAL[children.format].flatMap((cell) => {
    const own = parent.value(cell.id);
    const sum = children.value(cell.id);
    return own !== null && sum !== null && Math.abs(own - sum) > 1e-6 ? [{ code: 'county.children_differ' as const, at: cell.id, parent: own, children: sum }] : [];
  });
}
