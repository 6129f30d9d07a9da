/**
 * Findings become issues here, and only here: each is placed where its id was read (`place`) and named by the labels
 * of the mapping; the issue keeps the data the message is worded from (issues.ts).
 */
import { makeIssue, type Issue } from '../issues';
import { cellNames, type Mapping } from '../mapping/mapping';
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

/** The cells a figure of the tables is, as the message names them: one cell, or the rows or columns summed. */
export function cellsText(mapping: Mapping, ids: readonly string[]): string {
  // a row label's long trailing note is left out (（二）部分公开（区分处理的，只计这一情形…） → （二）部分公开)
  const names = ids.map((id) => cellNames(mapping, id)).map((n) => ({ ...n, row: n.row.replace(/^(.+?)[（(][^（）()]{6,}[）)]$/, '$1') }));
  const first = names[0]!;
  if (names.length === 1) return `${first.table}「${first.row}」行「${first.column}」列`;
  const rows = [...new Set(names.map((n) => n.row))];
  const columns = [...new Set(names.map((n) => n.column))];
  const tables = [...new Set(names.map((n) => n.table))].join('、');
  const list = (xs: string[]) => (xs.length <= 3 ? `「${xs.join('」「')}」` : `「${xs[0]}」至「${xs[xs.length - 1]}」`);
  if (columns.length === 1) return `${tables}${list(rows)}行「${columns[0]}」列之和`;
  if (rows.length === 1) return `${tables}「${rows[0]}」行${list(columns)}列之和`;
  return `${tables} ${ids.length} 格之和`;
}

export function findingIssues(findings: readonly Finding[], { mapping, place, lastYear }: FindingContext): Issue[] {
  // a balance over figures whose own totals are wrong (the form's rules, not a warning) cannot say which figure is:
  // it says which sides disagree
  const totalsWrong = new Set(findings.filter((f) => TOTAL_RULES.has(f.code)).map((f) => f.at));
  const previousYear = lastYear?.year ?? 0;
  return findings.map((f) => {
    if (f.code === 'plausible.copied_last_year') return makeIssue({ code: f.code, previousYear });
    if (f.code === 'plausible.prose_differs') {
      const s = f.statement;
      return makeIssue({ code: f.code, sentence: s.sentence, what: s.what, said: s.figure, table: f.table, cells: cellsText(mapping, s.ids) }, s.ref);
    }
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
