/**
 * The figures of real published reports (test/fixtures/real/, copied from shared/reference/reports) turned into
 * workbooks in the official layout, with each report's own label variants. Where a real report breaks a rule,
 * the rule must fire at the right cell.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectBytes, type Submission } from '../../src/inspect';
import { normalizeLabel } from '../../src/mapping/label';
import type { Format } from '../../src/model/canonical';
import { formLayout, formTables } from '../../src/render/form-layout';
import { EXTENSION, renderReport, type Kind } from '../fixtures/formats';
import { mappings } from '../fixtures/workbook';
import { shownIssue } from '../../src/issues';

interface RealReport {
  agency: string;
  year: number;
  format: Format;
  table2: Record<string, Record<string, number | string | null>>;
  table3: Record<string, Record<string, number | string | null>>;
  table4: Record<string, Record<string, number | string | null>>;
}

const dir = path.join(__dirname, '../fixtures/real');

/** The canonical id of a figure, found by the form's labels of the report's keys. */
function idsOf(report: RealReport): Record<string, number | string | null> {
  const mapping = mappings[report.format];
  const byLabels = new Map<string, string>();
  for (const [id, l] of mapping.labels) byLabels.set(`${l.table}|${normalizeLabel(l.rowLabel)}|${normalizeLabel(l.columnLabel)}`, id);
  const out: Record<string, number | string | null> = {};
  const put = (table: string, rowKey: string, figures: Record<string, number | string | null>) => {
    const row = normalizeLabel(rowKey.split('/').pop()!);
    for (const [column, value] of Object.entries(figures)) {
      const id = byLabels.get(`${table}|${row}|${normalizeLabel(column)}`);
      if (!id) throw new Error(`no id for ${table} ${rowKey} ${column}`);
      out[id] = value;
    }
  };
  for (const [row, f] of Object.entries(report.table2)) put('proactive', row, f);
  for (const [row, f] of Object.entries(report.table3)) put('requests', row, f);
  for (const [row, f] of Object.entries(report.table4)) put('appeals', row, f);
  return out;
}

function load(file: string): RealReport {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as RealReport;
}

/** The report as a file of the given kind: title as printed, the labels rewritten as the report prints them. */
function inspectReal(file: string, relabel: (text: string) => string = (t) => t, kind: Kind = 'xlsx'): { s: Submission; report: RealReport } {
  const report = load(file);
  const layout = formLayout(mappings[report.format], { values: idsOf(report) });
  const tables = formTables(layout).map((block) => ({
    ...block,
    rows: block.rows.map((row) => row.map((v) => (typeof v === 'string' ? relabel(v) : v))),
  }));
  const printed = { title: `${report.agency}${report.year}年政府信息公开工作年度报告`, compiledBy: `${report.agency}办公室`, year: report.year, tables };
  const s = inspectBytes(renderReport(printed, kind), file.replace('.json', `.${EXTENSION[kind]}`), { mappings });
  return { s, report };
}

/** The kinds each real report is rendered as (the corpus): every one must read to the same figures and issues. */
const CORPUS_KINDS: Kind[] = ['xlsx', 'xls', 'csv-gbk', 'html', 'text'];

function issuesAt(s: Submission, code: string): string[] {
  return s.issues.filter((i) => i.code === code).map((i) => i.cell!);
}

function cellOf(s: Submission, id: string): string {
  return s.provenance[id]!.cell;
}

describe.each(CORPUS_KINDS)('as %s', (kind) => {
test('上海市人民政府办公厅 2019: blank 总计 cells break the row totals of （一）…（六） and the （七）总计 column', () => {
  const { s } = inspectReal('01-shanghai-shizhengfu-bangongting-2019.json', undefined, kind);
  expect([s.agency, s.year, s.format, s.status]).toEqual(['上海市人民政府办公厅', 2019, '2019', 'invalid']);
  const blankTotalRows = ['granted', 'partial', 'refused_state_secret', 'refused_internal', 'refused_process', 'refused_query',
    'unavailable_not_held', 'unavailable_needs_creation', 'unavailable_unclear', 'unprocessed_petition', 'unprocessed_duplicate'];
  expect(issuesAt(s, 'requests.row_total')).toEqual(blankTotalRows.map((row) => cellOf(s, `requests.${row}.total`)));
  expect(issuesAt(s, 'requests.results_total')).toEqual([cellOf(s, 'requests.results_total.total')]);
  expect(shownIssue(s.issues.find((i) => i.code === 'requests.results_total')!)).toMatchObject({ expected: 0, found: 805 });
  expect(issuesAt(s, 'requests.balance')).toEqual([]);
  expect(issuesAt(s, 'appeals.total')).toEqual([]);
  expect(s.values['proactive.procurement.amount']).toBe(25.1); // printed 251000元
  expect(s.values['requests.new.total']).toBe(859);
  expect(s.values['appeals.litigation_direct.total']).toBe(9);
});

test('会仪镇 2021: 法律服务机构 1 with 总计 0 fires the row total in rows 一 and （一）, and the column checks', () => {
  const { s } = inspectReal('09-huiyizhen-2021.json', (t) =>
    t.replace(/^行政规范性文件$/, '规范性文件').replace(/^行政事业性收费$/, '行政事业型收费').replace(/^（本列数据/, '(本列)数据'), kind);
  expect([s.agency, s.year, s.format, s.status]).toEqual(['会仪镇', 2021, '2021', 'invalid']);
  expect(issuesAt(s, 'requests.row_total')).toEqual([cellOf(s, 'requests.new.total'), cellOf(s, 'requests.granted.total')]);
  expect(issuesAt(s, 'requests.results_total')).toEqual([cellOf(s, 'requests.results_total.legal')]);
  expect(issuesAt(s, 'requests.balance')).toEqual([cellOf(s, 'requests.carried_out.legal')]);
  expect(s.issues.filter((i) => i.code === 'layout.missing')).toEqual([]);
  expect(s.values['proactive.licensing.decisions']).toBe(213);
  expect(s.values['proactive.normative_docs.issued']).toBe(2);
});

test.each([
  ['02-hushizhen-2019.json', '胡市镇', { 'proactive.licensing.change': -11, 'proactive.normative_docs.total_published': 83 }, (t: string) =>
    t.replace(/^规范性文件$/, '规范性文件(指各行政机关印发的有正式文号的文件)').replace(/^本年增\/减$/, '本年增/减 (指2019年增加或减少的事项数,减用负值表示,如-8)')
      .replace(/^上一年项目数量$/, '上一年项目数量 (指2018年事项数)').replace(/^处理决定数量$/, '处理决定数量 (指2019年办件量)')],
  ['05-jiangnanzhongjiedao-2020.json', '广州市海珠区江南中街道', { 'proactive.procurement.amount': 240, 'proactive.penalty.decisions': 44, 'proactive.fees.change': 1 }, (t: string) =>
    t.replace(/^本年增\/减$/, '本年增/')],
  ['06-nanyuanjiedao-2020.json', '广州市荔湾区人民政府南源街道', { 'proactive.licensing.change': 19, 'proactive.licensing.decisions': 40 }, undefined],
  ['11-erlangjiedao-2022.json', '重庆市九龙坡区二郎街道', { 'proactive.normative_docs.in_force': 4 }, undefined],
  ['13-donghujiedao-2023.json', '绍兴市越城区东湖街道', { 'proactive.normative_docs.repealed': 1 }, (t: string) =>
    t.replace(/^本年制发件数$/, '本年(2023)制发件数').replace(/^本年废止件数$/, '本年(2023)废止件数').replace(/^行政规范性文件$/, '规范性文件')],
] as [string, string, Record<string, number>, ((t: string) => string) | undefined][])('%s reads with its own label variants and breaks no rule', (file, agency, figures, relabel) => {
  const { s, report } = inspectReal(file, relabel, kind);
  expect([s.agency, s.year, s.format]).toEqual([agency, report.year, report.format]);
  expect(s.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(s.status).toBe('valid');
  for (const [id, value] of Object.entries(figures)) expect([id, s.values[id]]).toEqual([id, value]);
});
});
