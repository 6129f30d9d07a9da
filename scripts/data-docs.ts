/**
 * docs/数据说明.md, the data contract that travels with the project, generated from the model: the canonical ids of
 * each format with their tables and the form's labels (from the mappings), the columns of every CSV (the headers
 * the outputs are written with), and the issue codes with their severity (src/issues.ts) and meaning (the README's
 * table, the one wording of them). `npm run docs` writes it; a test checks the committed file is what this makes.
 */
import * as path from 'node:path';
import { SEVERITY, SEVERITY_WORD } from '../src/issues';
import { loadMappings } from '../src/mapping/load';
import { CANONICAL, FORMAT_NAME, FORMATS, SUBTOTAL_CELLS, TABLE_NUMBER, TABLES, type Format, type ValueKind } from '../src/model/canonical';
import { BY_AGENCY_LEAD, ISSUES_HEADER, SUBMISSIONS_HEADER, SUMMARY_HEADER, VALUES_HEADER } from '../src/render/year-outputs';

const KIND: Record<ValueKind, string> = { count: '件数（非负整数）', signed: '增减数（整数，可为负）', amount: '金额（万元，非负，可有小数）' };

/** What each CSV column holds. A column without a description fails the docs test. */
export const COLUMN_MEANING: Record<string, string> = {
  year: '报告年度',
  agency: '填报单位（按报送名册的名称）',
  format: '表格格式：2019 或 2021',
  id: '规范编号（见上文）',
  table: '所属表：proactive（表二）、requests（表三）、appeals（表四）',
  row_label: '该数值在标准表格中的行标签',
  column_label: '该数值在标准表格中的列标签',
  value: '数值；读不出的为空',
  sheet: '读取该数值的工作表（网页、Word 为 table1、table2……，文本为 text，PDF 为 page1、page2……）',
  cell: '读取该数值的单元格（文本为 L行号，PDF 为 L行号，即第几行）',
  sha256: '所读文件的 SHA-256（同一文件的唯一标识）',
  agencies: '计入该合计的单位数',
  file: '文件名（在子文件夹或压缩包中的，带上文件夹或压缩包名）',
  status: '状态：accepted（采用）、rejected（退回）、superseded（被同一单位后来的报表替代）',
  errors: '错误数',
  warnings: '提醒数',
  received_at: '收到时间（文件修改时间，配置的时区）',
  code: '问题代码（见下文）',
  severity: '级别：error（错误）或 warning（提醒）',
  message: '中文说明（含应为、实为）',
  状态: '同 status，用中文：采用、退回、被替代',
  级别: '同 severity，用中文：错误、提醒',
  年度: '报告年度',
  填报单位: '填报单位（按报送名册的名称）',
  格式: '表格格式，如「2021年版」',
};

const CSVS: { file: string; header: readonly string[]; rows: string }[] = [
  { file: 'values.csv', header: VALUES_HEADER, rows: '已采用报表的每个数值一行（按登记的先后）' },
  { file: 'county-summary.csv', header: SUMMARY_HEADER, rows: '全县合计，每个规范编号一行' },
  { file: 'submissions.csv', header: SUBMISSIONS_HEADER, rows: '收到的每个文件一行' },
  { file: 'issues.csv', header: ISSUES_HEADER, rows: '每个问题一行（已采用和已退回的报表）' },
];

/** The meaning of each code, as the README's codes tables word it (the test of the README keeps them complete). */
function codeMeanings(readme: string): Map<string, { codes: string[]; meaning: string }> {
  const meanings = new Map<string, { codes: string[]; meaning: string }>();
  for (const line of readme.split('\n')) {
    const row = /^\| (`[a-z_]+\.[a-z_.]+`(?: \/ `[a-z_]+\.[a-z_.]+`)*) \| (?:错误|提醒) \| (.*) \|$/.exec(line);
    if (!row) continue;
    const entry = { codes: row[1]!.match(/`([^`]+)`/g)!.map((c) => c.slice(1, -1)), meaning: row[2]! };
    for (const code of entry.codes) meanings.set(code, entry);
  }
  return meanings;
}

/** The codes table: every code of the model, those the README explains together in one row. */
function codeRows(readme: string): string[] {
  const meanings = codeMeanings(readme);
  const shown = new Set<string>();
  return Object.entries(SEVERITY).flatMap(([code, severity]) => {
    if (shown.has(code)) return [];
    const entry = meanings.get(code) ?? { codes: [code], meaning: '' };
    entry.codes.forEach((c) => shown.add(c));
    return [`| ${entry.codes.map((c) => `\`${c}\``).join(' / ')} | ${SEVERITY_WORD[severity]} | ${entry.meaning} |`];
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function idTable(format: Format): string[] {
  const mapping = loadMappings()[format];
  const derived = new Set(SUBTOTAL_CELLS[format].map((s) => s.id));
  const lines: string[] = [];
  for (const table of TABLES) {
    lines.push('', `#### ${TABLE_NUMBER[table]} ${mapping.tableTitles[table]}`, '', '| 规范编号 | 行 | 列 | 数值 |', '| --- | --- | --- | --- |');
    for (const c of CANONICAL[format].filter((x) => x.table === table)) {
      const l = mapping.labels.get(c.id)!;
      lines.push(`| \`${c.id}\` | ${cell(l.rowLabel)} | ${cell(l.columnLabel)} | ${KIND[c.kind]}${derived.has(c.id) ? '；由分项相加（报告只印合计时直接读取）' : ''} |`);
    }
  }
  return lines;
}

export function dataDocs(readme: string): string {
  const lines = [
    '# 数据说明',
    '',
    '<!-- 由 `npm run docs` 根据规范模型、映射文件和输出代码生成，请勿手工修改。 -->',
    '',
    'nianbao 读取各单位政府信息公开工作年度报告的统计表（表二、表三、表四），按规范编号登记，汇总成县级数据。',
    '本文件是数据约定：规范编号、各 CSV 的列、问题代码。它们在各版本之间保持不变；分析时请以规范编号为准，不要依赖标签文字。',
    '',
    '## 表格格式',
    '',
    ...FORMATS.map((f) => `- **${f}**：${FORMAT_NAME[f]}，用于 ${f === '2019' ? '2019、2020' : '2021 年及以后'} 年度的报告，共 ${CANONICAL[f].length} 个规范编号。`),
    '',
    '## 规范编号',
    '',
    '每个数值有一个稳定的编号 `表.行.列`（如 `requests.new.total`：表三「一、本年新收政府信息公开申请数量」行「总计」列）。',
    '空白、`—`、`-`、`/`、`无` 都读作 0；全角数字、带单位（`3件`）、公式的结果都能读；读不出的数值为空（null），并有一条 `value.type` 问题指向该单元格，绝不当作 0。',
    ...FORMATS.flatMap((f) => ['', `### ${FORMAT_NAME[f]}`, ...idTable(f)]),
    '',
    '## 输出文件（`outbox/<年度>/`）',
    '',
    'CSV 均为 UTF-8（带 BOM）、CRLF、RFC 4180；数值写成数字，Excel 会当作公式的文字（以 `=`、`+`、`-`、`@` 开头）加引号转义。',
    ...CSVS.flatMap((c) => ['', `### \`${c.file}\``, '', `${c.rows}。`, '', '| 列 | 含义 |', '| --- | --- |', ...c.header.map((h) => `| \`${h}\` | ${cell(COLUMN_MEANING[h] ?? '')} |`)]),
    '',
    '### `proactive-by-agency.csv`、`requests-by-agency.csv`、`appeals-by-agency.csv`',
    '',
    '宽表：每个单位一行，该表的每个规范编号一列（列名为「行标签·列标签」，顺序同上文的编号表）。',
    '',
    '| 列 | 含义 |',
    '| --- | --- |',
    ...BY_AGENCY_LEAD.map((h) => `| \`${h}\` | ${cell(COLUMN_MEANING[h] ?? '')} |`),
    '| 行标签·列标签 | 该单位该格的数值 |',
    '',
    '### 其他文件',
    '',
    '- `county-report.xlsx`：全县合计（标准格式，可再用 `nianbao inspect` 读取）、各单位明细、报送情况、问题清单。',
    '- `county-report-draft.docx`、`county-report-draft.html`：全县年度报告草稿。',
    '',
    '## 问题代码',
    '',
    '| 代码 | 级别 | 含义 |',
    '| --- | --- | --- |',
    ...codeRows(readme),
    '',
  ];
  return lines.join('\n');
}

export const DOCS_FILE = path.join(__dirname, '../docs/数据说明.md');
