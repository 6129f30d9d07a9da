/**
 * plausible.prose_differs: a figure the report's words state (prose-statements.ts) against the same figure in its
 * tables. A statement whose ids were not all read is not compared; one that may mean either of two figures (办理:
 * received or handled) only where the tables give both the same. Where a total the statement is of breaks the form's
 * own rule (a blank 总计 beside filled columns), the table says two things — its printed total and the sum of its
 * parts: the words are flagged only when they differ from both, and the sum of the parts is named.
 */
import { sumOf, type FormFinding, type ProseFinding, type RuleInput } from './rule';
import type { ProseStatement } from './prose-statements';

export function proseDiffers(report: RuleInput, statements: readonly ProseStatement[], formFindings: readonly FormFinding[] = []): ProseFinding[] {
  // a total whose parts add up to something else: the sum of its parts
  const parts = new Map(formFindings.filter((f) => f.code === 'requests.row_total' || f.code === 'appeals.total').map((f) => [f.at, f.expected]));
  const sound: RuleInput = { format: report.format, value: (id) => parts.get(id) ?? report.value(id) };
  const differs = (a: number, b: number) => Math.abs(a - b) > 1e-6;
  const findings: ProseFinding[] = [];
  for (const statement of statements) {
    const printed = sumOf(report, statement.ids);
    const table = sumOf(sound, statement.ids);
    if (printed === null || table === null) continue;
    if (statement.alternative && (sumOf(report, statement.alternative) !== printed || sumOf(sound, statement.alternative) !== table)) continue;
    if (differs(printed, statement.figure) && differs(table, statement.figure)) {
      findings.push({ code: 'plausible.prose_differs', at: null, statement, table: Math.round(table * 1e6) / 1e6 });
    }
  }
  return findings;
}
