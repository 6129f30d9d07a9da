/**
 * Who has reported for a year: every roster agency as accepted / rejected / missing, then the agencies that
 * reported but are not on the roster. Pure; used by the county report, the run summary and later by `status`.
 */
import type { Level } from './config';
import { levelWords } from './level-words';
import type { Config } from './config';
import { compareText } from './consolidate';
import type { Arrival, RecordedSubmission } from './ledger/ledger';

export type ReportState = 'accepted' | 'rejected' | 'missing';

export interface AgencyState<S extends Arrival = RecordedSubmission> {
  agency: string;
  onRoster: boolean;
  kind: string;
  state: ReportState;
  /** the accepted submission, else the newest rejected one */
  submission?: S;
  /** a rejected file arrived after the accepted one (the accepted one still counts) */
  laterRejected?: S;
  /** off the roster: the roster names it may have meant, closest first */
  nearRoster?: string[];
}

export const STATE_TEXT: Record<ReportState, string> = { accepted: '已采用', rejected: '已退回', missing: '未报送' };

export function rosterStatus<S extends Arrival>(submissions: readonly S[], config: Config): AgencyState<S>[] {
  const byAgency = new Map<string, S[]>();
  for (const s of submissions) {
    if (s.agency === null) continue;
    byAgency.set(s.agency, [...(byAgency.get(s.agency) ?? []), s]);
  }
  const stateOf = (agency: string, onRoster: boolean, kind: string): AgencyState<S> => {
    const subs = byAgency.get(agency) ?? [];
    const accepted = subs.find((s) => s.status === 'accepted');
    const rejected = subs.filter((s) => s.status === 'rejected').at(-1);
    if (accepted) {
      const laterRejected = rejected && rejected.receivedAt > accepted.receivedAt ? rejected : undefined;
      return { agency, onRoster, kind, state: 'accepted', submission: accepted, laterRejected };
    }
    if (rejected) return { agency, onRoster, kind, state: 'rejected', submission: rejected };
    return { agency, onRoster, kind, state: 'missing' };
  };
  const listed = config.roster.map((a) => stateOf(a.name, true, a.kind));
  const rosterNames = new Set(config.roster.map((a) => a.name));
  const others = [...byAgency.keys()]
    .filter((a) => !rosterNames.has(a))
    .sort(compareText)
    .map((a) => ({ ...stateOf(a, false, 'unknown'), nearRoster: config.roster.length ? config.nearRosterNames(a) : [] }));
  return [...listed, ...others];
}

/**
 * What a coordinator reads about a unit off the roster (报送情况, status, the web page, the run summary): with a
 * roster, that it is not counted and what to do; without one, that it is counted. Null for a roster unit.
 */
export function offRosterNote(a: Pick<AgencyState, 'onRoster' | 'nearRoster'>, rosterSize: number, level: Level): string | null {
  if (a.onRoster) return null;
  if (rosterSize === 0) return '未配置报送名册，已计入汇总';
  const near = a.nearRoster?.length ? `名称相近的有「${a.nearRoster.join('」「')}」，如是同一单位，请在名册中为它添加别名` : '如应计入，请把它加入名册';
  return `不在${levelWords(level).own}名册中，未计入汇总；${near}`;
}
