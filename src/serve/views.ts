/**
 * What the pages show, gathered from the ledger and the outbox: the overview of every year and one year's page
 * (its agencies, rejected files, county totals, charts and downloads). HTML is made by pages.ts.
 */
import { levelWords } from '../level-words';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config';
import { countyTotals } from '../consolidate';
import { openLedger, type Arrival, type Ledger } from '../ledger/ledger';
import { valueOf } from '../ledger/value-list';
import type { Mapping } from '../mapping/mapping';
import { FORMAT_NAME, REQUEST_OUTCOME_KINDS, formatForYear, outcomeRowsOfKind, type Format } from '../model/canonical';
import { formLayout, formTables, totalsForForm } from '../render/form-layout';
import { rosterStatus, type AgencyState } from '../roster-status';
import { groupedBars, seriesOf, stackedBars } from './charts';
import { overviewPage, yearPage, type Download, type YearGlance } from './pages';

/** Download names in Chinese (the files keep their ASCII names in the outbox, a contract with other tools). */
export const DOWNLOAD_TITLES: Record<string, string> = {
  'county-report.xlsx': '汇总报表.xlsx',
  'values.csv': '数值明细.csv',
  'county-summary.csv': '汇总合计.csv',
  'proactive-by-agency.csv': '表二主动公开_分单位.csv',
  'requests-by-agency.csv': '表三依申请公开_分单位.csv',
  'appeals-by-agency.csv': '表四复议诉讼_分单位.csv',
  'submissions.csv': '报送记录.csv',
  'issues.csv': '问题清单.csv',
  'county-report-draft.docx': '政府信息公开工作年度报告（草稿）.docx',
  'county-report-draft.html': '政府信息公开工作年度报告（草稿）.html',
};

/** A year the ledger does not have (the page answers 404). */
export class NoSuchYear extends Error {}

/** Runs `work` with the ledger open (null when there is none yet), and closes it. */
function withLedger<T>(outbox: string, work: (ledger: Ledger | null) => T): T {
  const file = path.join(outbox, 'ledger.sqlite');
  if (!fs.existsSync(file)) return work(null);
  const ledger = openLedger(file);
  try {
    return work(ledger);
  } finally {
    ledger.close();
  }
}

export function overviewHtml(outbox: string, config: Config): string {
  return withLedger(outbox, (ledger) => {
    const years = (ledger?.years() ?? []).filter((y): y is number => y !== null).reverse().map((year) => {
      const subs = ledger!.arrivals(year);
      return { year: String(year), accepted: subs.filter((s) => s.status === 'accepted').length, rejected: subs.filter((s) => s.status === 'rejected').length };
    });
    const latest = years[0] ? glance(Number(years[0].year), rosterStatus(ledger!.arrivals(Number(years[0].year)), config), config.roster.length) : null;
    return overviewPage({ county: config.county, timezone: config.timezone, latest, years, runs: ledger?.recentRuns(10) ?? [], canRun: !!config.uploadToken });
  });
}

/** The latest year at a glance: how many units are in each state, and which are still missing. */
function glance(year: number, agencies: AgencyState<Arrival>[], rosterSize: number): YearGlance {
  // without a roster every unit counts, and none can be missing or off the roster
  const counted = rosterSize ? agencies.filter((a) => a.onRoster) : agencies;
  const names = (state: string) => counted.filter((a) => a.state === state).map((a) => a.agency);
  return {
    year: String(year),
    rosterSize,
    accepted: names('accepted').length,
    rejected: names('rejected'),
    missing: names('missing'),
    offRoster: rosterSize ? agencies.filter((a) => !a.onRoster).map((a) => a.agency) : [],
  };
}

export function yearHtml(outbox: string, config: Config, mappings: Record<Format, Mapping>, yearText: string): string {
  return withLedger(outbox, (ledger) => {
    const year = Number(yearText);
    if (!ledger || !/^\d{4}$/.test(yearText) || !ledger.years().includes(year)) throw new NoSuchYear(yearText);
    const subs = ledger.submissionsOf(year);
    const { totals } = countyTotals(subs, config);
    const format = totals[0]?.format ?? formatForYear(year);
    const mine = totals.find((t) => t.format === format);
    const layout = mine ? formLayout(mappings[format], { values: totalsForForm(mine.values) }) : null;
    const dir = path.join(outbox, String(year));
    const downloads: Download[] = fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((f) => DOWNLOAD_TITLES[f]).sort().map((file) => ({ file, title: `${config.county}${year}年度${DOWNLOAD_TITLES[file]}`, size: fs.statSync(path.join(dir, file)).size }))
      : [];
    return yearPage({
      county: config.county,
      level: config.level,
      timezone: config.timezone,
      year: yearText,
      rosterSize: config.roster.length,
      agencies: rosterStatus(subs, config),
      rejected: subs.filter((s) => s.status === 'rejected').reverse(),
      totals: layout && mine ? { formatName: FORMAT_NAME[format], tables: formTables(layout), included: mine.included.length } : null,
      charts: yearCharts(ledger, config, year, format, subs),
      downloads,
    });
  });
}

/** A year's charts: applications per agency stacked by outcome, and the county totals year over year. */
function yearCharts(ledger: Ledger, config: Config, year: number, format: Format, subs: ReturnType<Ledger['submissionsOf']>): string[] {
  // the 总计 column of each outcome row
  const perAgency = subs
    .filter((s) => s.status === 'accepted' && s.format === format)
    .map((s) => ({
      label: s.agency ?? '',
      parts: REQUEST_OUTCOME_KINDS.map((k) => outcomeRowsOfKind(k.prefix).reduce((sum, row) => sum + (valueOf(s.values, `requests.${row}.total`) ?? 0), 0)),
    }));
  const years = ledger.years().filter((y): y is number => y !== null);
  // a comparison needs two years at least
  const history = (years.length < 2 ? [] : years).map((y) => {
    const t = countyTotals(ledger.submissionsOf(y), config).totals[0];
    const v = (id: string) => t?.values[id] ?? 0;
    return { label: `${y}年`, values: [v('requests.new.total'), v('requests.results_total.total'), v('appeals.review.total'), v('appeals.litigation_direct.total') + v('appeals.litigation_after_review.total')] };
  });
  return [
    perAgency.length ? stackedBars(`${year}年度 各单位收到的申请（按办理结果）`, seriesOf(REQUEST_OUTCOME_KINDS.map((k) => k.name)), perAgency) : '',
    history.length ? groupedBars(`${levelWords(config.level).whole}合计 历年对比`, seriesOf(['新收申请', '办理结果总计', '行政复议', '行政诉讼']), history) : '',
  ].filter(Boolean);
}
