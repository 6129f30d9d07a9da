/**
 * Everything in outbox/<year>/, built from the ledger's submissions of that year. Pure: returns file name → bytes.
 * Deterministic: the same ledger gives byte-identical CSVs.
 */
import type { Config } from '../config';
import { compareText, counted, parentOf, totalsAccumulator, type CountyTotals } from '../consolidate';
import { findingIssues } from '../validate/finding-issues';
import { validate, valuesInput } from '../validate/validate';
import type { AcceptedValues, RecordedSubmission, SubmissionStatus } from '../ledger/ledger';
import { placeOf, type CellPlace } from '../place';
import { positionsOf, valueOf, type ValueList } from '../ledger/value-list';
import { issueMessage, makeIssue, SEVERITY_WORD } from '../issues';
import type { Mapping } from '../mapping/mapping';
import { CANONICAL, CANONICAL_IDS, FORMAT_NAME, formatForYear, type Format, type TableId } from '../model/canonical';
import { levelWords } from '../level-words';
import { offRosterNote, rosterStatus, STATE_TEXT, type AgencyState } from '../roster-status';
import { localTime } from '../time';
import { csvByteWriter, csvBytes, csvField, csvHeader, csvWith, type CsvByteWriter, type CsvValue } from './csv';
import { draftHtml, type CountyDraft } from './draft';
import { RENDER_HERE, type Renderers } from './renderers';
import { totalsForForm, type LayoutValue } from './form-layout';
import { formSheet } from './template';
import type { SheetSpec } from './xlsx-write';

const BY_AGENCY_FILES: Record<TableId, string> = {
  proactive: 'proactive-by-agency.csv',
  requests: 'requests-by-agency.csv',
  appeals: 'appeals-by-agency.csv',
};

function byAgency(s: readonly RecordedSubmission[]): RecordedSubmission[] {
  return [...s].sort((a, b) => compareText(a.agency ?? '', b.agency ?? '') || compareText(a.receivedAt, b.receivedAt));
}

/** Writes a file piece by piece (large files are never whole in memory); a chunk is written before `write` returns,
 * so its buffer may be reused. */
export type FileWriter = (write: (chunk: string | Buffer) => void) => void;

/**
 * A file's bytes, a writer that streams them, bytes still being made (the Word draft), or an existing file copied and
 * written on at its end (values.csv when only new reports were added).
 */
export type FileContent = Buffer | FileWriter | Promise<Buffer> | { extend: string; append: FileWriter };

/**
 * The rows of values.csv: every accepted report that counts, in the order of recording (`all`); or, when only new
 * ones were recorded since the last values.csv, that file (`extend`) and the new ones.
 */
export type ValuesSource = { all: Iterable<AcceptedValues> } | { extend: string; added: Iterable<AcceptedValues> };

/** The name of the long table of every value (the one file that may be extended rather than written again). */
export const VALUES_FILE = 'values.csv';

export const VALUES_HEADER = ['year', 'agency', 'format', 'id', 'table', 'row_label', 'column_label', 'value', 'sheet', 'cell', 'sha256'];
export const SUMMARY_HEADER = ['year', 'format', 'id', 'table', 'row_label', 'column_label', 'value', 'agencies'];
/**
 * The columns of SPEC §4 as they are (an analyst's script reads `status` and `severity`), then the same in words for
 * a clerk who opens the file in Excel: 状态 (采用/退回/被替代), 级别 (错误/提醒).
 */
export const SUBMISSIONS_HEADER = ['file', 'sha256', 'agency', 'year', 'format', 'status', 'errors', 'warnings', 'received_at', '状态'];
export const ISSUES_HEADER = ['file', 'agency', 'sheet', 'cell', 'code', 'severity', 'message', '级别'];
/** A recorded submission's status as a clerk says it. */
export const SUBMISSION_STATUS_WORD: Record<SubmissionStatus, string> = { accepted: '采用', rejected: '退回', superseded: '被替代' };
/** The first columns of the wide by-agency CSVs; one column per id of the table follows, headed 行标签·列标签. */
export const BY_AGENCY_LEAD = ['年度', '填报单位', '格式'];

/**
 * values.csv, rendered at output time submission by submission from what the ledger keeps (values by id, where each
 * was read) and the labels of the mappings of the day, in the order the reports were recorded (a new report's rows
 * go at the end, so a night that adds reports only writes theirs). Rows are joined from pre-quoted fields: the same
 * bytes as csvBytes would write. Ids of the submission's list that the format no longer has are left out; ids it
 * gained are empty.
 */
function valuesCsv(source: ValuesSource, mappings: Record<Format, Mapping>): FileContent {
  const rows = (csv: CsvByteWriter) => {
    const utf8 = (text: string) => Buffer.from(text, 'utf8');
    // the quoted fields of a row that do not depend on the submission (id, table, labels), once per format …
    const fixed = new Map<Format, { id: string; fields: Buffer }[]>();
    // … and those of where each value was read, once per layout (the ledger hands one array per layout)
    const placed = new WeakMap<readonly CellPlace[], Buffer[]>();
    const noPlace = utf8(',,,');
    // where each id stands in a submission's id list (the ledger hands one array per list): null when in canonical order
    const positions = new WeakMap<readonly string[], Map<string, number> | null>();
    for (const s of 'all' in source ? source.all : source.added) {
      let cells = fixed.get(s.format);
      if (!cells) {
        cells = CANONICAL[s.format].map((cell) => {
          const l = mappings[s.format].labels.get(cell.id)!;
          return { id: cell.id, fields: utf8(`,${csvField(cell.id)},${cell.table},${csvField(l.rowLabel)},${csvField(l.columnLabel)},`) };
        });
        fixed.set(s.format, cells);
      }
      let places = placed.get(s.places);
      if (!places) {
        places = s.places.map((p) => utf8(`,${csvField(p?.[0] ?? null)},${csvField(p?.[1] ?? null)},`));
        placed.set(s.places, places);
      }
      let position = positions.get(s.ids);
      if (position === undefined) {
        // an id list as the format has it now (the usual case) is read by position; another, by id
        const canonical = CANONICAL_IDS[s.format];
        position = s.ids.length === canonical.length && s.ids.every((id, n) => id === canonical[n]) ? null : new Map(s.ids.map((id, n) => [id, n]));
        positions.set(s.ids, position);
      }
      const head = utf8(`${s.year},${csvField(s.agency)},${s.format}`);
      const tail = utf8(`${s.sha256}\r\n`);
      for (let i = 0; i < cells.length; i++) {
        const n = position ? position.get(cells[i]!.id) : i;
        csv.raw(head);
        csv.raw(cells[i]!.fields);
        if (n !== undefined) csv.number(s.numbers[n] ?? null);
        csv.raw((n === undefined ? undefined : places[n]) ?? noPlace);
        csv.raw(tail);
      }
    }
  };
  const writer = (header: boolean): FileWriter => (write) => {
    const csv = csvByteWriter(write);
    if (header) csvHeader(csv, VALUES_HEADER);
    rows(csv);
    csv.flush();
  };
  return 'extend' in source ? { extend: source.extend, append: writer(false) } : writer(true);
}

function summaryCsv(year: number, totals: CountyTotals[], mappings: Record<Format, Mapping>): Buffer {
  const rows: CsvValue[][] = [];
  for (const t of totals) {
    for (const cell of CANONICAL[t.format]) {
      const l = mappings[t.format].labels.get(cell.id)!;
      rows.push([year, t.format, cell.id, cell.table, l.rowLabel, l.columnLabel, t.values[cell.id]!, t.agencies[cell.id]!]);
    }
  }
  return csvBytes(SUMMARY_HEADER, rows);
}

/**
 * The wide by-agency CSVs (one row per agency, one column per id of the table, Chinese headers 行标签·列标签), built
 * during the pass over the reports' values: each report's rows are rendered as it comes (in the order of recording,
 * the order of the sums) and put in agency order at the end.
 */
function byAgencyTables(format: Format, mapping: Mapping, count: number) {
  const tables = (['proactive', 'requests', 'appeals'] as const).map((table) => {
    // the table's cells by their place in the format (a report's values are found by those places)
    const cells = CANONICAL[format].flatMap((c, i) => (c.table === table ? [{ id: c.id, i }] : []));
    const header = csvWith((csv) => csvHeader(csv, [...BY_AGENCY_LEAD, ...cells.map((c) => {
      const l = mapping.labels.get(c.id)!;
      return `${l.rowLabel}·${l.columnLabel}`;
    })]));
    return { table, cells, header, rows: new Array<Buffer | undefined>(count) };
  });
  let row: Buffer[] = [];
  const csv = csvByteWriter((chunk) => row.push(Buffer.from(chunk)), 1 << 14);
  return {
    /** the rows of the report at `place` (its place in agency order) */
    add(place: number, s: Pick<RecordedSubmission, 'year' | 'agency'>, values: ValueList) {
      const at = positionsOf(values, format);
      for (const t of tables) {
        csv.field(s.year);
        csv.field(s.agency);
        csv.field(`${format}年版`);
        for (const c of t.cells) csv.field(at[c.i]! < 0 ? null : (values.numbers[at[c.i]!] ?? null));
        csv.end();
        csv.flush();
        t.rows[place] = row.length === 1 ? row[0] : Buffer.concat(row);
        row = [];
      }
    },
    files: (): [string, Buffer][] => tables.map((t) => [BY_AGENCY_FILES[t.table], Buffer.concat([t.header, ...t.rows.filter((r): r is Buffer => r !== undefined)])]),
  };
}

function submissionsCsv(subs: RecordedSubmission[], timeZone: string): FileWriter {
  return (write) => {
    const csv = csvByteWriter(write);
    csvHeader(csv, SUBMISSIONS_HEADER);
    for (const s of subs) {
      for (const value of [s.fileName, s.sha256, s.agency, s.year, s.format, s.status, s.errors, s.warnings, localTime(s.receivedAt, timeZone), SUBMISSION_STATUS_WORD[s.status]]) csv.field(value);
      csv.end();
    }
    csv.flush();
  };
}

/**
 * Issues of the submissions that still count: accepted ones and rejected ones (not the superseded), with
 * roster.unknown for a unit off the roster, from the roster of the day (it is never recorded: the roster may change).
 */
function currentIssues(subs: RecordedSubmission[], config: Config) {
  return subs.filter((s) => s.status !== 'superseded').flatMap((s) => {
    const issues = s.issues.filter((i) => i.code !== 'roster.unknown'); // as recorded by earlier releases
    if (s.agency !== null && config.roster.length > 0 && !counted(s, config)) {
      issues.push(makeIssue({ code: 'roster.unknown', agency: s.agency, county: config.county, near: config.nearRosterNames(s.agency) }));
    }
    return issues.map((i) => ({ s, i }));
  });
}

function issuesCsv(issues: readonly CurrentIssue[]): FileWriter {
  return (write) => {
    const csv = csvByteWriter(write);
    csvHeader(csv, ISSUES_HEADER);
    for (const { s, i } of issues) {
      for (const value of [s.fileName, s.agency, i.sheet, i.cell, i.code, i.severity, issueMessage(i), SEVERITY_WORD[i.severity]]) csv.field(value);
      csv.end();
    }
    csv.flush();
  };
}

/** The key figures of 各单位明细: one column each, where the format has the id. */
const KEY_FIGURES: { id: string; label: string }[] = [
  { id: 'requests.new.total', label: '本年新收申请' },
  { id: 'requests.carried_in.total', label: '上年结转申请' },
  { id: 'requests.granted.total', label: '予以公开' },
  { id: 'requests.results_total.total', label: '办理结果总计' },
  { id: 'requests.carried_out.total', label: '结转下年度' },
  { id: 'appeals.review.total', label: '行政复议' },
  { id: 'appeals.litigation_direct.total', label: '行政诉讼（未经复议直接起诉）' },
  { id: 'appeals.litigation_after_review.total', label: '行政诉讼（复议后起诉）' },
  { id: 'proactive.normative_docs.issued', label: '制发行政规范性文件' },
  { id: 'proactive.fees.amount', label: '行政事业性收费（万元）' },
];

/** A list sheet: a title over a bordered table whose first row is its header (repeated on every printed page). */
function listSheet(name: string, title: string | null, table: LayoutValue[][], emphasis: number[] = []): SheetSpec {
  const top = title === null ? 0 : 1;
  const width = Math.max(...table.map((r) => r.length));
  return {
    name,
    rows: title === null ? table : [[title], ...table],
    merges: title === null ? [] : [{ s: { r: 0, c: 0 }, e: { r: 0, c: width - 1 } }],
    style: { titles: title === null ? [] : [0], tables: [{ s: { r: top, c: 0 }, e: { r: top + table.length - 1, c: width - 1 } }], headers: [top], repeat: [0, top], emphasis: emphasis.map((r) => r + top) },
  };
}

/** 各单位明细: one row per agency counted in the totals, its key figures, and a 合计 row (the county totals). */
function keyFigures(format: Format): { id: string; label: string }[] {
  const ids = new Set(CANONICAL[format].map((c) => c.id));
  return KEY_FIGURES.filter((f) => ids.has(f.id));
}

/** `rows`: the agencies' key figures (keyFigures), in agency order. */
function byAgencySheet(year: number, format: Format, totals: CountyTotals | undefined, rows: LayoutValue[][], config: Config): SheetSpec {
  const figures = keyFigures(format);
  const sum = rows.length ? ['合计', ...figures.map((f) => totals?.values[f.id] ?? '部分单位未填')] : ['合计', ...figures.map(() => 0)];
  const table = [['单位', ...figures.map((f) => f.label)], ...rows, sum];
  return listSheet('各单位明细', `${config.county}${year}年度各单位政府信息公开主要数据`, table, [table.length - 1]);
}

type CurrentIssue = ReturnType<typeof currentIssues>[number];

/**
 * What the county's totals cover, under the form's identity line: 「汇总范围：已采用 6 个单位（应报 9 个），截至
 * 2023-01-05」 — the units summed, the roster's units that report to the county (its own report is not summed), and
 * the day the last of the summed reports arrived (so the same reports print the same line, whenever the run).
 */
function scopeLine(totals: CountyTotals | undefined, states: readonly AgencyState[], config: Config): string {
  const included = totals?.included.length ?? 0;
  const due = config.roster.filter((a) => a.kind !== 'county').length;
  const arrivals = states.filter((a) => a.state === 'accepted' && a.kind !== 'county' && (a.onRoster || config.roster.length === 0) && a.submission).map((a) => a.submission!.receivedAt).sort();
  const last = arrivals.at(-1);
  return `汇总范围：已采用 ${included} 个单位${due ? `（应报 ${due} 个）` : '（未配置报送名册）'}${last ? `，截至 ${localTime(last, config.timezone).slice(0, 10)}` : ''}`;
}

function countyReport(year: number, format: Format, totals: CountyTotals | undefined, states: readonly AgencyState[], issues: readonly CurrentIssue[], figureRows: LayoutValue[][], config: Config, mapping: Mapping, renderers: Renderers): Promise<Buffer> {
  const report = formSheet(mapping, { agency: config.county, year, values: totalsForForm(totals?.values ?? Object.fromEntries(CANONICAL[format].map((c) => [c.id, 0]))), scope: scopeLine(totals, states, config) });
  const statusRows = [
    ['单位', '类别', '状态', '文件', '收到时间', '错误', '提醒', '说明'],
    ...states.map((a) => [
      a.agency,
      levelWords(config.level).kind(a.kind),
      STATE_TEXT[a.state],
      a.submission?.fileName ?? null,
      a.submission ? localTime(a.submission.receivedAt, config.timezone) : null,
      a.submission?.errors ?? null,
      a.submission?.warnings ?? null,
      a.laterRejected ? `之后报送的 ${a.laterRejected.fileName} 被退回，仍采用此前的报表` : offRosterNote(a, config.roster.length, config.level),
    ]),
  ];
  const issueRows = [
    ['文件', '单位', '工作表', '单元格', '代码', '级别', '问题'],
    ...issues.map(({ s, i }) => [s.fileName, s.agency, i.sheet, i.cell, i.code, SEVERITY_WORD[i.severity], issueMessage(i)]),
  ];
  return renderers.workbook([
    report,
    byAgencySheet(year, format, totals, figureRows, config),
    listSheet('报送情况', `${config.county}${year}年度政府信息公开工作年度报告报送情况`, statusRows),
    listSheet('问题清单', null, issueRows),
  ]);
}

/** Where a recorded file's value of an id was read (the ledger's lineage). */
const placeIn = (places: Readonly<Record<string, CellPlace>> | undefined) => (id: string) => placeOf(places?.[id]);

export type PlacesOf = (sha256: string) => Readonly<Record<string, CellPlace>> | undefined;

/**
 * The values of the given submissions, one list each, in their order. The ledger reads them a batch at a time, so a
 * year's values are never all in memory at once; by default they are the submissions' own (tests, the web pages).
 */
export type ValuesOf = (submissions: readonly RecordedSubmission[]) => Iterable<ValueList>;

/**
 * One pass over the values of the reports that count (`counting`, in the order of recording: the order of the sums):
 * the county totals (the parent, the county's own report, apart), the by-agency tables and the rows of 各单位明细
 * (in agency order, `ordered`).
 */
function sumValues(year: number, counting: readonly RecordedSubmission[], ordered: readonly RecordedSubmission[], parent: RecordedSubmission | undefined, mappings: Record<Format, Mapping>, valuesOf: ValuesOf) {
  const countingSet = new Set(counting);
  const place = new Map(ordered.filter((s) => countingSet.has(s)).map((s, n) => [s, n]));
  const format = counting.filter((s) => s !== parent && s.format !== null).map((s) => s.format!).sort()[0] ?? formatForYear(year);
  const figures = keyFigures(format);
  const figureRows: (LayoutValue[] | undefined)[] = new Array(counting.length);
  const tables = byAgencyTables(format, mappings[format], counting.length);
  const sums = totalsAccumulator();
  let parentValues: ValueList | undefined;
  let n = 0;
  for (const list of valuesOf(counting)) {
    const s = counting[n++]!;
    if (s === parent) parentValues = list;
    else if (s.format !== null) sums.add(s.format, s.agency, list);
    if (s.format !== format) continue;
    tables.add(place.get(s)!, s, list);
    figureRows[place.get(s)!] = [s.agency, ...figures.map((f) => valueOf(list, f.id) ?? null)];
  }
  return { format, totals: sums.totals(), parentValues, tables, figureRows: figureRows.filter((r): r is LayoutValue[] => r !== undefined) };
}

/**
 * `values` gives the values of the year's accepted submissions that count (`counted`), with where each was read
 * (from the ledger), for values.csv; `placesOf`, where the county's own report printed each figure (its
 * county.children_differ issues point there); `valuesOf`, the values of the accepted ones for the totals and the
 * by-agency tables (`subs` may come without values); `renderers`, where the county workbook and the Word draft are
 * rendered (they come as promises).
 */
export function yearOutputs(year: number | null, subs: RecordedSubmission[], values: ValuesSource, config: Config, mappings: Record<Format, Mapping>, placesOf: PlacesOf = () => undefined, valuesOf: ValuesOf = (list) => list.map((s) => s.values), renderers: Renderers = RENDER_HERE): Map<string, FileContent> {
  const files = new Map<string, FileContent>();
  let ordered = byAgency(subs);
  // the county's own report is the parent of the others: not summed with them, compared with their sum
  const parent = year === null ? undefined : parentOf(subs, config);
  // the reports that count: roster units only, when there is a roster
  const counting = subs.filter((s) => s.status === 'accepted' && counted(s, config));
  const summed = year === null ? undefined : sumValues(year, counting, ordered, parent, mappings, valuesOf);
  const totals = summed?.totals ?? [];
  const children = parent?.format ? totals.find((t) => t.format === parent.format) : undefined;
  const parentValues = summed?.parentValues;
  const differences = parent?.format && children && parentValues
    ? findingIssues(
      validate({ format: parent.format, value: (id) => valueOf(parentValues, id) ?? null }, { children: valuesInput(children.format, children.values) }),
      { mapping: mappings[parent.format], place: placeIn(placesOf(parent.sha256)) },
    )
    : [];
  if (parent && differences.length) {
    const patched = { ...parent, issues: [...parent.issues, ...differences], warnings: parent.warnings + differences.length };
    subs = subs.map((s) => (s === parent ? patched : s));
    ordered = ordered.map((s) => (s === parent ? patched : s));
  }
  const issues = currentIssues(ordered, config);
  files.set('submissions.csv', submissionsCsv(subs, config.timezone));
  files.set('issues.csv', issuesCsv(issues));
  if (year === null || !summed) return files;

  const { format, tables, figureRows } = summed;
  files.set(VALUES_FILE, valuesCsv(values, mappings));
  files.set('county-summary.csv', summaryCsv(year, totals, mappings));
  for (const [name, bytes] of tables.files()) files.set(name, bytes);
  const mine = totals.find((t) => t.format === format);
  const states = rosterStatus(ordered, config);
  files.set('county-report.xlsx', countyReport(year, format, mine, states, issues, figureRows, config, mappings[format], renderers));
  const draft: CountyDraft = {
    county: config.county,
    level: config.level,
    year,
    format,
    formatName: FORMAT_NAME[format],
    mapping: mappings[format],
    values: mine?.values ?? Object.fromEntries(CANONICAL[format].map((c) => [c.id, 0])),
    included: mine?.included ?? [],
    // the same units the run's summary names as 未报送 (the county's own report among them)
    missing: states.filter((a) => a.onRoster && a.state === 'missing').map((a) => a.agency),
    rejected: states.filter((a) => a.state === 'rejected').map((a) => a.agency),
    differences: differences.map(issueMessage),
  };
  files.set('county-report-draft.html', Buffer.from(draftHtml(draft), 'utf8'));
  files.set('county-report-draft.docx', renderers.draft(draft));
  return files;
}
