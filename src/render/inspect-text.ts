/** The human (Chinese) view of one inspected submission: identity, what was read, then the issues. */
import type { Submission } from '../inspect';
import { issueMessage, issuePlace, type Issue } from '../issues';
import type { Mapping } from '../mapping/mapping';
import { CANONICAL, REQUEST_COLUMNS, TABLE_NUMBER, requestRows, type Format } from '../model/canonical';
import { submissionHeader } from './submission-header';

const STATUS_TEXT = { valid: '通过（可以报送）', invalid: '未通过：有错误需要改正', unreadable: '无法读取' } as const;

function show(value: number | null | undefined): string {
  return value === null || value === undefined ? '？' : String(value);
}

/** Pads to a display width (CJK characters count double) with at least `gap` spaces, for aligned columns. */
export function pad(text: string, width: number, gap = 0): string {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return text + ' '.repeat(Math.max(gap, width - w));
}

function valuesView(s: Submission, mapping: Mapping): string[] {
  const format = s.format as Format;
  const lines: string[] = [];
  const cells = CANONICAL[format];
  const label = (id: string) => mapping.labels.get(id)!;

  lines.push(`${TABLE_NUMBER.proactive} ${mapping.tableTitles.proactive}`);
  const proactiveRows = [...new Set(cells.filter((c) => c.table === 'proactive').map((c) => c.row))];
  for (const row of proactiveRows) {
    const own = cells.filter((c) => c.table === 'proactive' && c.row === row);
    const parts = own.map((c) => `${label(c.id).columnLabel} ${show(s.values[c.id])}`);
    lines.push(`  ${pad(label(own[0]!.id).rowLabel, 24)}${parts.join('  ')}`);
  }

  lines.push(`${TABLE_NUMBER.requests} ${mapping.tableTitles.requests}`);
  lines.push(`  ${pad('', 40)}${REQUEST_COLUMNS.map((c) => pad(label(`requests.new.${c}`).columnLabel, 14)).join('')}`);
  for (const row of requestRows(format)) {
    const name = label(`requests.${row}.total`).rowLabel.replace(/（区分处理的.*）$/, '');
    lines.push(`  ${pad(name.length > 19 ? `${name.slice(0, 18)}…` : name, 40)}${REQUEST_COLUMNS.map((c) => pad(show(s.values[`requests.${row}.${c}`]), 14)).join('')}`);
  }

  lines.push(`${TABLE_NUMBER.appeals} ${mapping.tableTitles.appeals}`);
  for (const group of ['review', 'litigation_direct', 'litigation_after_review']) {
    const own = cells.filter((c) => c.table === 'appeals' && c.row === group);
    lines.push(`  ${pad(label(own[0]!.id).rowLabel, 24)}${own.map((c) => `${label(c.id).columnLabel} ${show(s.values[c.id])}`).join('  ')}`);
  }
  return lines;
}

function issueLine(issue: Issue): string {
  return `  [${issue.code}] ${issuePlace(issue)}  ${issueMessage(issue)}`;
}

export function renderInspectText(s: Submission, mappings: Record<Format, Mapping>): string {
  const lines: string[] = [];
  lines.push(`文件：${s.file}`);
  lines.push(submissionHeader(s));
  lines.push(`结论：${STATUS_TEXT[s.status]}`);
  if (s.format) {
    lines.push('');
    lines.push(...valuesView(s, mappings[s.format]));
  }
  const errors = s.issues.filter((i) => i.severity === 'error');
  const warnings = s.issues.filter((i) => i.severity === 'warning');
  lines.push('');
  if (errors.length === 0 && warnings.length === 0) lines.push('没有发现问题。');
  if (errors.length) lines.push(`错误 ${errors.length} 项：`, ...errors.map(issueLine));
  if (warnings.length) lines.push(`提醒 ${warnings.length} 项：`, ...warnings.map(issueLine));
  return `${lines.join('\n')}\n`;
}
