/** The Chinese summary printed after `nianbao run`. */
import * as path from 'node:path';
import { levelWords } from '../level-words';
import { offRosterNote } from '../roster-status';
import type { RunSummary } from './run';

export function renderRunSummary(s: RunSummary, cwd: string): string {
  const lines: string[] = [];
  lines.push(`本次处理文件 ${s.seen} 个：采用 ${s.accepted}，退回 ${s.rejected}，被替代 ${s.superseded}，重复 ${s.duplicates}。`);
  for (const r of s.recorded.filter((r) => r.status === 'rejected')) {
    const receipt = path.relative(cwd, path.join(s.base, `${r.storedAs}.问题清单.txt`));
    lines.push(`  退回：${r.fileName}（${r.agency ?? '单位未识别'}，错误 ${r.errors} 项）→ ${receipt}`);
  }
  for (const z of s.zips) {
    lines.push(`  压缩包：${z.name}，解开 ${z.members} 个文件${z.archivedAs ? `，原包已整包归档到 ${z.archivedAs}` : '，原包留在收件箱（其中有文件未能归档），下次运行再处理'}`);
  }
  for (const w of s.waiting) lines.push(`  暂缓：${w.name}（${w.reason}）`);
  for (const h of s.held) lines.push(`  已登记但未能移出收件箱：${h.name}（${h.reason}），下次运行时再移动`);
  for (const y of s.years) {
    lines.push(`${y.year} 年度：已采用 ${y.accepted} 个单位，已退回 ${y.rejected} 个单位，` + (y.rosterSize === 0 ? '（未配置报送名册：所有单位都计入汇总，无法列出未报送的单位）' : y.missing.length ? `未报送 ${y.missing.length} 个：${y.missing.join('、')}` : '名册中的单位均已报送'));
    for (const o of y.offRoster) lines.push(`  ${o.agency}：${offRosterNote({ onRoster: false, nearRoster: o.near }, y.rosterSize, s.level)}`);
  }
  const where = path.relative(cwd, s.outbox) || '.';
  if (s.interrupted) {
    const left = s.seen - s.recorded.length - s.duplicates;
    lines.push(`运行被中止：已读完的 ${s.recorded.length} 个文件已登记，其余 ${left} 个留在收件箱，下次运行时继续；汇总结果也在下次运行时更新。`);
  } else if (s.years.length === 0) {
    lines.push(s.waiting.length ? `还没有登记任何报表：收件箱中暂缓的 ${s.waiting.length} 个文件下次运行时再处理。` : `还没有任何报表：把各单位的报表放进收件箱后再运行。`);
  }
  else {
    const folders = s.years.map((y) => `${path.join(where, String(y.year))}${path.sep}`).join('、');
    lines.push(s.outputsRebuilt ? `汇总结果已更新：${folders}（${levelWords(s.level).whole}合计 county-report.xlsx、${levelWords(s.level).whole}年报草稿 county-report-draft.docx、各 CSV、问题清单 issues.csv）` : `没有新的报表，汇总结果未变：${folders}`);
  }
  return `${lines.join('\n')}\n`;
}
