/**
 * `nianbao status`: the last runs and, for one year, every roster agency's state with its newest submission —
 * as Chinese text for the coordinator, or as JSON for tools. Pure: the command reads the ledger and passes it in.
 */
import type { RecordedSubmission, RunRecord } from '../ledger/ledger';
import type { Level } from '../config';
import { levelWords } from '../level-words';
import { offRosterNote, STATE_TEXT, type AgencyState } from '../roster-status';
import { localTime } from '../time';
import { pad } from './inspect-text';

export interface StatusData {
  county: string;
  /** 县, 区, 市, …: the kinds of unit are named at it (乡镇（街道） under a county, 县（市、区） under a city) */
  level: Level;
  timezone: string;
  runs: RunRecord[];
  /** null: the ledger has no submission with a year yet */
  year: number | null;
  rosterSize: number;
  agencies: AgencyState[];
  /** every submission of the year, newest last (for each agency's newest) */
  submissions: RecordedSubmission[];
}

const OUTCOME_TEXT: Record<string, string> = { completed: '完成', interrupted: '中止（收到停止信号）' };

/** A run's outcome in words: 完成, 中止（收到停止信号）, 失败：…, or 进行中或被强行终止 while it has none. */
export function outcomeText(run: RunRecord): string {
  if (run.outcome === null) return run.endedAt === null ? '进行中或被强行终止' : '—';
  if (run.outcome.startsWith('failed')) return `失败：${run.outcome.replace(/^failed:\s*/, '')}`;
  return OUTCOME_TEXT[run.outcome] ?? run.outcome;
}

function newestOf(data: StatusData, agency: string): RecordedSubmission | undefined {
  return data.submissions.filter((s) => s.agency === agency).at(-1);
}

export function statusJson(data: StatusData) {
  return {
    county: data.county,
    runs: data.runs,
    year: data.year,
    agencies: data.agencies.map((a) => {
      const newest = newestOf(data, a.agency);
      return {
        agency: a.agency,
        onRoster: a.onRoster,
        kind: a.kind,
        state: a.state,
        newestReceivedAt: newest?.receivedAt ?? null,
        newestFile: newest?.fileName ?? null,
        newestStatus: newest?.status ?? null,
      };
    }),
  };
}

export function renderStatusText(data: StatusData): string {
  const time = (iso: string | null) => (iso ? localTime(iso, data.timezone) : '—');
  const lines = [`${data.county} 年报汇总状态（时间为 ${data.timezone}）`, ''];
  if (data.runs.length === 0) lines.push('还没有运行过 nianbao run。');
  else {
    lines.push(`最近 ${data.runs.length} 次运行（最新在前）：`);
    for (const r of data.runs) {
      lines.push(`  第 ${r.id} 次  ${time(r.startedAt)} 至 ${time(r.endedAt)}  ${outcomeText(r)}  处理 ${r.seen} 个：采用 ${r.accepted}，退回 ${r.rejected}，被替代 ${r.superseded}，重复 ${r.duplicates}`);
    }
  }
  lines.push('');
  if (data.year === null) {
    lines.push('登记簿中还没有任何识别出年度的报表。');
    return `${lines.join('\n')}\n`;
  }
  const count = (state: string) => data.agencies.filter((a) => a.onRoster && a.state === state).length;
  lines.push(
    data.rosterSize === 0
      ? `${data.year} 年度（未配置报送名册，所有单位都计入汇总）：`
      : `${data.year} 年度报送情况（名册 ${data.rosterSize} 个单位）：已采用 ${count('accepted')}，已退回 ${count('rejected')}，未报送 ${count('missing')}`,
  );
  for (const a of data.agencies) {
    const newest = newestOf(data, a.agency);
    const latest = newest ? `最新报送 ${time(newest.receivedAt)}  ${newest.fileName}` : '';
    const off = offRosterNote(a, data.rosterSize, data.level);
    const note = a.state === 'accepted' && a.laterRejected ? '（之后报送的一份被退回，仍以已采用的为准）' : off && data.rosterSize ? `（${off}）` : '';
    lines.push(`  ${pad(a.agency, 20, 1)}${pad(levelWords(data.level).kind(a.kind), 14, 1)}${pad(STATE_TEXT[a.state], 8, 1)}${latest}${note}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
