/** The Chinese receipt beside a returned file (<file>.问题清单.txt): what is wrong, cell by cell. */
import { issueMessage, issuePlace } from '../issues';
import type { RecordedSubmission } from '../ledger/ledger';
import { submissionHeader } from './submission-header';
import { localTime } from '../time';

export function receiptText(s: RecordedSubmission, timeZone: string): string {
  const errors = s.issues.filter((i) => i.severity === 'error');
  const warnings = s.issues.filter((i) => i.severity === 'warning');
  const line = (i: (typeof s.issues)[number], n: number) => `${n + 1}. ${issuePlace(i)}  ${issueMessage(i)}`;
  const lines = [
    '政府信息公开工作年度报告统计表 —— 退回通知（问题清单）',
    '',
    `文件：${s.fileName}`,
    `收到时间：${localTime(s.receivedAt, timeZone)}`,
    submissionHeader(s),
    '',
    '结论：未通过，已退回。请按下列问题逐项修改后重新报送（可先用 nianbao inspect 自查）。',
    '',
    `错误（${errors.length} 项）：`,
    ...errors.map(line),
  ];
  if (warnings.length) lines.push('', `提醒（${warnings.length} 项，不影响采用，请核实）：`, ...warnings.map(line));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
