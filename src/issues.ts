/**
 * The issue catalog: every problem nianbao reports has a stable code, a severity, a place and a Chinese message.
 * This is the one place issues are built and their messages worded; stages and rules only say what they found.
 */
import type { CellRef } from './place';

export type Severity = 'error' | 'warning';

export type IssueCode =
  | 'requests.row_total'
  | 'requests.results_total'
  | 'requests.balance'
  | 'appeals.total'
  | 'value.type'
  | 'value.unit_assumed'
  | 'value.annotated'
  | 'layout.missing'
  | 'layout.row_values'
  | 'layout.header_guessed'
  | 'layout.label_fuzzy'
  | 'layout.row_omitted'
  | 'layout.value_unplaced'
  | 'layout.rows_combined'
  | 'identity.missing'
  | 'identity.conflict'
  | 'identity.file_name'
  | 'format.year_mismatch'
  | 'file.unreadable'
  | 'file.too_large'
  | 'file.encrypted'
  | 'file.no_text'
  | 'requests.carry_over'
  | 'plausible.rules_by_township'
  | 'plausible.total_below_new'
  | 'plausible.decisions_equal_items'
  | 'plausible.round_estimate'
  | 'plausible.copied_last_year'
  | 'plausible.in_force_equals_issued'
  | 'county.children_differ'
  | 'plausible.prose_differs'
  | 'values.table_blank'
  | 'values.form_unfilled'
  | 'roster.unknown';

/**
 * A problem found, as data: its code, severity, place and what was found (`input`). Its words are made from the data
 * when it is shown (`issueText`), so the ledger keeps data and a wording fix reaches every recorded issue.
 */
export interface Issue {
  code: IssueCode;
  severity: Severity;
  sheet: string | null;
  cell: string | null;
  input: IssueInput | RecordedWording;
}

/** An issue's words as shown: the message, and the expected and found values of issues.csv and the inspect JSON. */
export interface IssueText {
  message: string;
  expected: string | number | null;
  found: string | number | null;
}

/** An issue recorded by a release before ledger schema 4, which kept only its words: they are shown as kept. */
export interface RecordedWording {
  code: IssueCode;
  recorded: IssueText;
}

/** Labels of the form naming a canonical cell, used to word messages. */
export interface CellNames {
  table: string; // 表二 / 表三 / 表四
  row: string;
  column: string;
}

export type IssueInput =
  | { code: 'requests.row_total' | 'requests.results_total' | 'appeals.total'; at: CellNames; expected: number; found: number }
  | { code: 'requests.balance'; at: CellNames; expected: number; found: number; sides: { incoming: number; outgoing: number }; knockOn: boolean }
  | { code: 'value.type'; at: CellNames; expected: string; found: string }
  | { code: 'value.unit_assumed'; at: CellNames; found: string }
  | { code: 'value.annotated'; at: CellNames; found: string; value: number }
  | { code: 'layout.missing'; table: string; block: string; part: 'block' | 'row' | 'column' | 'tables'; label: string }
  | { code: 'layout.row_values'; table: string; row: string; expected: number; found: number }
  | { code: 'layout.header_guessed'; table: string; block: string; printed: string; column: string }
  | { code: 'layout.label_fuzzy'; table: string; printed: string; label: string; part?: 'column' }
  | { code: 'layout.row_omitted'; table: string; block: string; label: string }
  | { code: 'layout.value_unplaced'; table: string; found: string; merged?: string[] }
  | { code: 'layout.rows_combined'; table: string; label: string; parts: string[] }
  | { code: 'identity.missing'; field: 'agency' | 'year'; found?: string }
  | { code: 'identity.conflict'; field: 'agency' | 'year'; expected: string; found: string; source: string }
  | { code: 'identity.file_name'; field: 'agency' | 'year'; expected: string; found: string }
  | { code: 'format.year_mismatch'; year: number; format: string; expectedFormat: string }
  | { code: 'file.unreadable'; reason: string }
  | { code: 'file.too_large'; size: number; limit: number; unit?: string }
  | { code: 'file.encrypted' }
  | { code: 'file.no_text' }
  | { code: 'requests.carry_over'; at: CellNames; expected: number; found: number; previousYear: number; previousRow: string }
  | { code: 'roster.unknown'; agency: string; county: string; near: string[] }
  | { code: 'plausible.rules_by_township' | 'plausible.round_estimate'; at: CellNames; found: number }
  | { code: 'plausible.total_below_new'; at: CellNames; found: number; newPublished: number }
  | { code: 'plausible.decisions_equal_items'; at: CellNames; found: number; prevItems: number; change: number }
  | { code: 'plausible.copied_last_year'; previousYear: number }
  | { code: 'county.children_differ'; at: CellNames; parent: number; children: number }
  | { code: 'plausible.in_force_equals_issued'; at: CellNames; found: number; previousInForce: number; previousYear: number }
  | { code: 'plausible.prose_differs'; sentence: string; what: string; said: number; table: number; cells: string }
  | { code: 'values.table_blank'; table: string }
  | { code: 'values.form_unfilled'; tables: string };

/** The "sheet" of a page's or Word file's running text: its paragraphs are P1, P2, … */
export const PROSE_SHEET = 'prose';

/** The word for a severity, as every output shows it. */
export const SEVERITY_WORD: Record<Severity, string> = { error: '错误', warning: '提醒' };

/**
 * Where a value or an issue is, as a clerk finds it: 年度报告!C12, 第 57 行 of report text, 第 3 页第 12 行 of a PDF,
 * 正文第 4 段 of a page's or Word file's running text (prose!P4).
 */
export function placeText(sheet: string, cell: string): string {
  const paragraph = sheet === PROSE_SHEET ? /^P(\d+)$/.exec(cell)?.[1] : undefined;
  if (paragraph) return `正文第 ${paragraph} 段`;
  const line = /^L(\d+)$/.exec(cell)?.[1];
  const page = /^page(\d+)$/.exec(sheet)?.[1];
  if (line && page) return `第 ${page} 页第 ${line} 行`;
  return sheet === 'text' && line ? `第 ${line} 行` : `${sheet}!${cell}`;
}

/** Where an issue points: its place, or 全文件 for one about the whole file. */
export function issuePlace(issue: Pick<Issue, 'sheet' | 'cell'>): string {
  return issue.sheet && issue.cell ? placeText(issue.sheet, issue.cell) : '全文件';
}

/** Every issue code with its severity: the one list of codes (the README's codes table is checked against it). */
export const SEVERITY: Record<IssueCode, Severity> = {
  'requests.row_total': 'error',
  'requests.results_total': 'error',
  'requests.balance': 'error',
  'appeals.total': 'error',
  'value.type': 'error',
  'value.unit_assumed': 'warning',
  'value.annotated': 'warning',
  'layout.missing': 'error',
  'layout.row_values': 'error',
  'layout.header_guessed': 'warning',
  'layout.label_fuzzy': 'warning',
  'layout.row_omitted': 'warning',
  'layout.value_unplaced': 'error',
  'layout.rows_combined': 'warning',
  'identity.missing': 'error',
  'identity.conflict': 'error',
  'identity.file_name': 'warning',
  'format.year_mismatch': 'error',
  'file.unreadable': 'error',
  'file.too_large': 'error',
  'file.encrypted': 'error',
  'file.no_text': 'error',
  'requests.carry_over': 'warning',
  'roster.unknown': 'warning',
  'plausible.rules_by_township': 'warning',
  'county.children_differ': 'warning',
  'plausible.prose_differs': 'warning',
  'values.table_blank': 'warning',
  'values.form_unfilled': 'error',
  'plausible.total_below_new': 'warning',
  'plausible.decisions_equal_items': 'warning',
  'plausible.round_estimate': 'warning',
  'plausible.copied_last_year': 'warning',
  'plausible.in_force_equals_issued': 'warning',
};

const FIELD: Record<'agency' | 'year', string> = { agency: '填报单位', year: '报告年度' };

const PART: Record<'block' | 'row' | 'column' | 'tables', string> = { block: '表格', row: '行', column: '列', tables: '表格' };

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function wording(input: IssueInput): IssueText {
  switch (input.code) {
    case 'requests.row_total':
      return { ...input, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」应为 ${input.expected}（前六列之和），实为 ${input.found}` };
    case 'requests.results_total':
      return { ...input, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」列应为 ${input.expected}（（一）至（六）各项办理结果之和），实为 ${input.found}` };
    case 'requests.balance': {
      // the value that would balance the column is named only when it can be the answer: not negative, and not
      // computed from figures whose own totals are wrong (then the two sides that disagree are named instead)
      if (!input.knockOn && input.expected >= 0) {
        return { expected: input.expected, found: input.found, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」列应为 ${input.expected}（本年新收 + 上年结转 − （七）总计，即本列勾稽关系），实为 ${input.found}` };
      }
      const { incoming, outgoing } = input.sides;
      const hint = input.knockOn ? '本列另有合计不对，请先改正上面指出的合计，再核对本列' : '请核对本列各数';
      return {
        expected: incoming,
        found: outgoing,
        message: `${input.at.table}「${input.at.column}」列的勾稽关系不成立：本年新收 + 上年结转 = ${incoming}，（七）总计 + 结转下年度继续办理 = ${outgoing}，两者应相等；${hint}`,
      };
    }
    case 'appeals.total':
      return { ...input, message: `${input.at.table}「${input.at.row}」的「${input.at.column}」应为 ${input.expected}（结果维持、结果纠正、其他结果、尚未审结之和），实为 ${input.found}` };
    case 'value.type':
      return { ...input, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」列的「${input.found}」不是${input.expected}` };
    case 'value.unit_assumed':
      return { expected: '带单位的金额（元或万元）', found: input.found, message: `${input.at.table}「${input.at.row}」「${input.at.column}」的「${input.found}」没有写单位，按万元计` };
    case 'value.annotated':
      return { expected: input.value, found: input.found, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」列的「${input.found}」按 ${input.value} 读取，括号中的说明未计入，请核对` };
    case 'layout.missing': {
      const where = input.part === 'block' || input.part === 'tables' ? `${input.table}「${input.label}」` : `${input.table}「${input.block}」中的${PART[input.part]}「${input.label}」`;
      return { expected: input.label, found: null, message: `未找到${where}，请按标准格式填写` };
    }
    case 'layout.row_values':
      return { expected: input.expected, found: input.found, message: `${input.table}「${input.row}」一行应有 ${input.expected} 个数，实有 ${input.found} 个；无法确定各数属于哪一列，这一行没有读取（复制时可能丢了空白格），请核对原表` };
    case 'layout.header_guessed':
      return { expected: input.column, found: input.printed, message: `${input.table}「${input.block}」的表头「${input.printed}」不完整，按它在表中的位置读作「${input.column}」，请核对` };
    case 'layout.label_fuzzy':
      return { expected: input.label, found: input.printed, message: `${input.table}的${input.part === 'column' ? '列名' : '行名'}「${input.printed}」与标准格式不完全相同，按最接近的「${input.label}」读取，请核对` };
    case 'layout.row_omitted':
      return { expected: input.label, found: null, message: `${input.table}「${input.block}」没有印出「${input.label}」一行；本单位没有制定${input.label}的权限，这一行按 0 读取，请核对` };
    case 'layout.value_unplaced':
      if (input.merged) return { expected: null, found: input.found, message: `${input.table}中的数字「${input.found}」所在的格合并了「${input.merged.join('」「')}」几格，无法确定属于哪一格，没有读取；请核对原表，分格填写` };
      return { expected: null, found: input.found, message: `${input.table}中印有数字「${input.found}」，但它不在任何一行、一列的位置上，无法确定属于哪一格，没有读取；请核对原表，把它填在所属的格中` };
    case 'layout.rows_combined':
      return { expected: input.parts.join('；'), found: input.label, message: `${input.table}「${input.label}」只填了合计一行，没有按标准格式分 ${input.parts.length} 项填写；合计已读取（计入总计），${input.parts.length} 个分项留空，请补报分项数` };
    case 'identity.missing':
      return { expected: FIELD[input.field], found: input.found ?? null, message: input.found ? `「${input.found}」不是有效的${FIELD[input.field]}，文件内容和文件名中都没有可用的${FIELD[input.field]}` : `无法确定${FIELD[input.field]}：文件内容和文件名中都没有写明（请填写「${FIELD[input.field]}：」单元格）` };
    case 'identity.conflict':
      return { ...input, message: `${FIELD[input.field]}前后不一致：一处写「${input.expected}」，${input.source}写「${input.found}」` };
    case 'identity.file_name':
      return { ...input, message: `文件名中的${FIELD[input.field]}「${input.found}」与文件内容「${input.expected}」不一致，以文件内容为准` };
    case 'format.year_mismatch':
      return { expected: input.expectedFormat, found: input.format, message: `${input.year}年度报告应使用${input.expectedFormat}年版格式，本文件的表格却是${input.format}年版格式` };
    case 'file.unreadable':
      return { expected: null, found: null, message: `无法读取文件：${input.reason}` };
    case 'file.too_large':
      // `unit`: the size counted in what a report is made of (行, 个单元格) rather than in bytes
      return input.unit
        ? { expected: `不超过 ${input.limit} ${input.unit}`, found: `${input.size} ${input.unit}`, message: `文件有 ${input.size} ${input.unit}，一份年报远不到 ${input.limit} ${input.unit}，不像是年报；为免占用过多内存，未读取` }
        : { expected: `不超过 ${megabytes(input.limit)}`, found: megabytes(input.size), message: `文件过大（${megabytes(input.size)}），超过上限 ${megabytes(input.limit)}，未读取` };
    case 'requests.carry_over':
      return { ...input, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」列应为 ${input.expected}（${input.previousYear}年度报表「${input.previousRow}」的同列数字），实为 ${input.found}` };
    case 'roster.unknown':
      return {
        expected: input.near.length ? input.near.join('、') : '名册中的单位',
        found: input.agency,
        message: `「${input.agency}」不在${input.county}的报送名册中，未计入汇总；` + (input.near.length
          ? `名称相近的有「${input.near.join('」「')}」，如是同一单位，请在 nianbao.config.json 的名册中为它添加别名，下次运行即计入`
          : '如确应报送，请把它（或它的别名）加入 nianbao.config.json 的名册，下次运行即计入'),
      };
    case 'plausible.rules_by_township':
      return { expected: 0, found: input.found, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」填了 ${input.found}：乡镇、街道没有制定规章的权限，请核对是否把规范性文件填进了规章一行` };
    case 'plausible.total_below_new':
      return { expected: `不少于 ${input.newPublished}`, found: input.found, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」为 ${input.found}，比本年新公开数量 ${input.newPublished} 还少：对外公开总数量应包括本年新公开的，请核对` };
    case 'plausible.decisions_equal_items':
      return { expected: '本年办件量', found: input.found, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」（${input.found}）恰好等于上一年项目数量 ${input.prevItems} 加本年增/减 ${input.change}：疑似把事项数填进了处理决定数量（办件量）一栏，请核对` };
    case 'plausible.round_estimate':
      return { expected: '实际统计数', found: input.found, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」为 ${input.found}：乡镇（街道）的数字这么大又是整千，像是估计数，请核对` };
    case 'plausible.copied_last_year':
      return { expected: '本年度数字', found: `与${input.previousYear}年度完全相同`, message: `全部数字与本单位${input.previousYear}年度的报表完全相同：是否误报了上一年的表？请核对` };
    case 'plausible.in_force_equals_issued':
      return { expected: `不少于 ${input.previousInForce} 减本年废止件数`, found: input.found, message: `${input.at.table}「${input.at.row}」行「${input.at.column}」等于本年制发件数（${input.found}），而${input.previousYear}年度现行有效件数为 ${input.previousInForce}：现行有效件数应包括以前年度制发、至今仍有效的文件，请核对` };
    case 'county.children_differ':
      return { expected: input.children, found: input.parent, message: `本级报表${input.at.table}「${input.at.row}」「${input.at.column}」为 ${input.parent}，纳入汇总的各单位已采用报表的合计为 ${input.children}，相差 ${Math.round((input.parent - input.children) * 1e6) / 1e6}` };
    case 'plausible.prose_differs':
      return { expected: input.table, found: input.said, message: `正文「${input.sentence}」中${input.what}为 ${input.said}，表格中为 ${input.table}（${input.cells}），两者不一致，请核对正文或表格` };
    case 'values.table_blank':
      return { expected: '数字（没有的填 0）', found: '整张表空白', message: `${input.table}整张表都是空白，按 0 计入汇总；如本单位确实没有，请填写 0，否则请补填数字` };
    case 'values.form_unfilled':
      return { expected: '填好的报表（没有的填 0）', found: '所有数值格都是空白', message: `${input.tables}的数值格全部空白，像是没有填写的空白模板，未计入汇总；请填好数字（没有的填 0）后重新报送` };
    case 'file.no_text':
      return { expected: '带文字的 PDF', found: '扫描件（图片）', message: 'PDF 中没有文字（是扫描或拍照得到的图片），无法读取数字；请报送 Word 或 WPS 直接导出的 PDF，或原始的 Excel 表格' };
    case 'file.encrypted':
      return { expected: null, found: null, message: '文件设置了打开密码，无法读取；请去掉密码后重新报送' };
  }
}

/** Builds an issue: severity from the catalog, place from the caller; worded only when shown. */
export function makeIssue(input: IssueInput | RecordedWording, ref?: CellRef): Issue {
  return { code: input.code, severity: SEVERITY[input.code], sheet: ref?.sheet ?? null, cell: ref?.cell ?? null, input };
}

/** An issue's words, from the one catalog above (or as recorded, for issues kept before issues were data). */
export function issueText(issue: Pick<Issue, 'input'>): IssueText {
  if ('recorded' in issue.input) return issue.input.recorded;
  const { message, expected, found } = wording(issue.input);
  return { message, expected: expected ?? null, found: found ?? null };
}

/** An issue as shown outside (the inspect JSON): code, severity, place and its words. */
export function shownIssue(issue: Issue): Pick<Issue, 'code' | 'severity' | 'sheet' | 'cell'> & IssueText {
  return { code: issue.code, severity: issue.severity, sheet: issue.sheet, cell: issue.cell, ...issueText(issue) };
}

/** An issue's message, as shown. */
export function issueMessage(issue: Pick<Issue, 'input'>): string {
  return issueText(issue).message;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
