/**
 * The figures a report's own words state — 「全年共收到政府信息公开申请99件」, 「行政复议7件、行政诉讼2件」,
 * 「制发行政规范性文件62件」 — recognised in its prose, each with the canonical ids whose sum the tables give for it.
 * Precision before recall: a statement is taken only when its meaning is plain. A clause is not read when it holds a
 * percentage, a change (同比, 增长, 较上年…), a running total (累计, 截至…), another year than the report's, an
 * approximate figure (余, 约, 近…), or names an office other than the reporting agency (a sub-unit's figure, as
 * 「区政府办代表区政府受理…」 in a district's report); 办理 (received or handled?) is compared only where the tables give
 * both the same figure. Pure: paragraphs in, statements out.
 */
import type { Paragraph } from '../read/grid';
import { PROSE_SHEET } from '../issues';
import type { CellRef } from '../place';
import { outcomeRowsOfKind, REQUEST_APPLICANT_COLUMNS, type Format } from '../model/canonical';

export interface ProseStatement {
  /** the ids whose sum the statement's figure is */
  ids: string[];
  /** the figure as stated (万元 for amounts) */
  figure: number;
  /** the sentence it is stated in (its words, shortened) */
  sentence: string;
  /** what the figure is of, and where in the tables (for the message) */
  what: string;
  /** the sentence's place: its line in report text or a PDF, else its paragraph (prose!P3) */
  ref: CellRef;
  /** 办理: the figure may be of received or of handled applications (compared only when the two are equal) */
  alternative?: string[];
}

interface Context {
  format: Format;
  agency: string | null;
  year: number | null;
}

const total = (row: string) => `requests.${row}.total`;
const totalsOf = (prefix: string) => outcomeRowsOfKind(prefix).map(total);
const NUMBER = '(\\d+(?:\\.\\d+)?)';
/** a clause: a run of text without a stop of its own (commas split clauses; 、 and parentheses do not) */
const CLAUSE_END = /[，,。；;！!？?\n]/;
/** what makes a clause's figures unplain */
const UNPLAIN = /%|百分|同比|环比|增长|增加|减少|下降|上升|较上|比上|较去|比去|累计|截至|截止|以来|历年|平均|人次|件次|余件|多件|约|近\d|超过|不足|将近/;
/** an office named in a clause (its figures may be that office's, not the agency's) */
const OFFICE = /([\u4e00-\u9fa5]{1,12}?(?:人民政府办公厅|人民政府办公室|政府办公厅|政府办公室|政府办|办公厅|办公室|委员会|局|委|中心|公司|社区|村委会))/g;

interface Pattern {
  /** the figure is group 1 */
  re: RegExp;
  ids: (format: Format) => string[] | null;
  what: (format: Format) => string;
  /** the figure is in 元 when group 2 says so */
  amount?: boolean;
  alternative?: (format: Format) => string[];
  /** not taken in a sentence that says this (a breakdown of applications that may include last year's) */
  unlessSentence?: RegExp;
}

const RECEIVED = '(?:收到|受理|接收|接到|新收)';
const HANDLED = '(?:办结|答复|作出答复|办理完毕|处理完毕|予以答复)';
const APPLICATIONS = '(?:政府)?(?:信息公开)?申请';

const PATTERNS: Pattern[] = [
  // received: 收到政府信息公开申请99件 (with 含上年结转 N件 right after: new + carried in)
  { re: new RegExp(`${RECEIVED}[^\\d]{0,6}?${APPLICATIONS}(?:共|总计|合计)?${NUMBER}件(?=[(（]含上年(?:度)?结转)`), ids: () => [total('new'), total('carried_in')], what: () => '收到的申请（含上年结转）' },
  { re: new RegExp(`${RECEIVED}[^\\d]{0,6}?${APPLICATIONS}(?:共|总计|合计)?${NUMBER}件(?![(（]含)`), ids: () => [total('new')], what: () => '本年新收的申请' },
  { re: new RegExp(`未${RECEIVED}[^\\d，,。；]{0,6}?${APPLICATIONS}()`), ids: () => [total('new')], what: () => '本年新收的申请' },
  { re: new RegExp(`上年(?:度)?结转(?:的)?(?:${APPLICATIONS})?${NUMBER}件`), ids: () => [total('carried_in')], what: () => '上年结转的申请' },
  { re: /无上年(?:度)?结转()/, ids: () => [total('carried_in')], what: () => '上年结转的申请' },
  { re: new RegExp(`${HANDLED}[^\\d]{0,8}?(?:${APPLICATIONS})?(?:共)?${NUMBER}件`), ids: () => [total('results_total')], what: () => '办结（答复）的申请' },
  { re: new RegExp(`办理[^\\d]{0,8}?${APPLICATIONS}(?:共)?${NUMBER}件`), ids: () => [total('new')], alternative: () => [total('results_total')], what: () => '办理的申请' },
  { re: new RegExp(`${NUMBER}件[^，,。；;\\d]{0,16}?(?:结转|顺延)(?:到|至)?下(?:一)?年(?:度)?`), ids: () => [total('carried_out')], what: () => '结转下年度的申请' },
  { re: new RegExp(`结转(?:到|至)?下(?:一)?年(?:度)?(?:继续办理)?(?:的)?(?:${APPLICATIONS})?${NUMBER}件`), ids: () => [total('carried_out')], what: () => '结转下年度的申请' },
  // by applicant, of the new applications (a clause of its own: 其中自然人3件、法人或其他组织1件)
  { re: new RegExp(`自然人(?:申请|提出)?${NUMBER}件`), ids: () => ['requests.new.natural'], what: () => '自然人的申请', unlessSentence: /结转|办理|答复|办结/ },
  {
    re: new RegExp(`法人或其他组织(?:申请|提出)?${NUMBER}件`),
    ids: () => REQUEST_APPLICANT_COLUMNS.filter((c) => c !== 'natural').map((c) => `requests.new.${c}`),
    what: () => '法人或其他组织的申请',
    unlessSentence: /结转|办理|答复|办结/,
  },
  // by result
  { re: new RegExp(`予以公开(?:及|和|与|、)部分公开${NUMBER}件`), ids: () => [total('granted'), total('partial')], what: () => '予以公开及部分公开' },
  { re: new RegExp(`(?<!部分公开(?:及|和|与|、))(?<!不)予以公开${NUMBER}件`), ids: () => [total('granted')], what: () => '予以公开' },
  { re: new RegExp(`(?<!予以公开(?:及|和|与|、))部分公开${NUMBER}件`), ids: () => [total('partial')], what: () => '部分公开' },
  { re: new RegExp(`不予公开${NUMBER}件`), ids: () => totalsOf('refused'), what: () => '不予公开' },
  { re: new RegExp(`无法提供${NUMBER}件`), ids: () => totalsOf('unavailable'), what: () => '无法提供' },
  { re: new RegExp(`不予处理${NUMBER}件`), ids: () => totalsOf('unprocessed'), what: () => '不予处理' },
  { re: new RegExp(`其他处理${NUMBER}件`), ids: () => [total('other_handling')], what: () => '其他处理' },
  // appeals
  { re: new RegExp(`(?<!复议后)行政复议(?:案件)?(?:共)?${NUMBER}(?:件|起)`), ids: () => ['appeals.review.total'], what: () => '行政复议' },
  { re: new RegExp(`(?:行政)?诉讼(?:案件)?(?:共)?${NUMBER}(?:件|起)`), ids: () => ['appeals.litigation_direct.total', 'appeals.litigation_after_review.total'], what: () => '行政诉讼' },
  // normative documents and rules made this year
  {
    re: new RegExp(`(?<=(?:制发|制定|印发|出台)[^。；;]{0,16}?)(?:行政)?规范性文件${NUMBER}件`),
    ids: (f) => [f === '2021' ? 'proactive.normative_docs.issued' : 'proactive.normative_docs.new_made'],
    what: () => '制发的规范性文件',
  },
  { re: new RegExp(`(?<=(?:制发|制定)[^。；;\\d]{0,8}?)规章${NUMBER}件`), ids: (f) => [f === '2021' ? 'proactive.rules.issued' : 'proactive.rules.new_made'], what: () => '制定的规章' },
  // 行政事业性收费 (format 2021 prints an amount in 万元)
  { re: new RegExp(`行政事业性收费[^。；;\\d]{0,10}?${NUMBER}\\s*(万元|元)`), ids: (f) => (f === '2021' ? ['proactive.fees.amount'] : null), what: () => '行政事业性收费金额（万元）', amount: true },
];

/** Running text with the place of each character: lines of report text and PDFs are joined into sentences. */
function runningText(paragraphs: readonly Paragraph[]): { text: string; refs: CellRef[] } {
  let text = '';
  const refs: CellRef[] = [];
  paragraphs.forEach((p, n) => {
    const ref = p.ref ?? { sheet: PROSE_SHEET, cell: `P${n + 1}` };
    // a line of report text or a PDF continues the sentence of the line before; a paragraph of a page or Word file ends
    const piece = p.ref ? p.text : `${p.text}\n`;
    for (const ch of piece) {
      text += ch;
      refs.push(ref);
    }
  });
  return { text, refs };
}

/** The agency's name as offices are named in prose: 人民政府 shortened to 政府. */
const officeName = (name: string) => name.normalize('NFKC').replace(/人民政府/g, '政府');

/** A clause names an office that is not the agency: its figures may be that office's. */
function namesOtherOffice(clause: string, agency: string | null): boolean {
  const own = agency === null ? '' : officeName(agency);
  for (const m of clause.matchAll(OFFICE)) {
    const office = officeName(m[1]!);
    if (/^[我本]/.test(office)) continue; // 我局, 本办: the agency itself
    if (!own || !(own.endsWith(office) || own.includes(office) || office.endsWith(own))) return true;
  }
  return false;
}

/** A clause mentions a year other than the report's (its figures may be that year's). */
function mentionsOtherYear(clause: string, year: number | null): boolean {
  for (const m of clause.matchAll(/((?:19|20)\d{2})\s*年/g)) if (year === null || Number(m[1]) !== year) return true;
  return false;
}

/** Where the sentence around a place begins and ends (its stop included). */
function sentenceBounds(text: string, at: number): [number, number] {
  let start = at;
  while (start > 0 && !/[。；;！!？?\n]/.test(text[start - 1]!)) start--;
  let end = at;
  while (end < text.length && !/[。；;！!？?\n]/.test(text[end]!)) end++;
  return [start, end + 1];
}

/** The whole sentence around a place. */
function sentenceOf(text: string, at: number): string {
  const [start, end] = sentenceBounds(text, at);
  return text.slice(start, end);
}

/** The sentence around a place as shown in a message (from `shown`, the text as printed), at most ~60 characters. */
function sentenceAround(text: string, at: number, shown: string): string {
  const [start, end] = sentenceBounds(text, at);
  const whole = shown.slice(start, end).trim();
  if (whole.length <= 60) return whole;
  const from = Math.max(0, at - start - 30);
  return `${from > 0 ? '…' : ''}${whole.slice(from, from + 60)}…`;
}

export function proseStatements(paragraphs: readonly Paragraph[] | undefined, context: Context): ProseStatement[] {
  if (!paragraphs?.length) return [];
  const { text: raw, refs } = runningText(paragraphs);
  // one character for one (NFKC may change lengths: apply it per character where it keeps one)
  // NFKC character by character where it keeps one (so places in `text` are places in `raw`): ， → , ０ → 0
  const chars = [...raw];
  const text = chars.map((ch) => {
    const n = ch.normalize('NFKC');
    return n.length === 1 ? n : ch;
  }).join('');
  const shown = chars.join('');
  const statements: { at: number; statement: ProseStatement }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !CLAUSE_END.test(text[i]!)) continue;
    const clause = text.slice(start, i);
    const offset = start;
    start = i + 1;
    if (!/件|元/.test(clause) && !/未|无上年/.test(clause)) continue;
    // a change, a share or a running total anywhere in the sentence, or another year, makes its figures unplain
    const sentence = sentenceOf(text, offset);
    if (UNPLAIN.test(sentence) || mentionsOtherYear(sentence, context.year) || namesOtherOffice(clause, context.agency)) continue;
    const taken: [number, number][] = [];
    for (const p of PATTERNS) {
      const ids = p.ids(context.format);
      if (!ids) continue;
      for (const m of clause.matchAll(new RegExp(p.re.source, 'g'))) {
        const at = offset + m.index;
        // a figure one pattern took is not taken again by another (予以公开及部分公开 N件 is not also 部分公开 N件)
        const span: [number, number] = [m.index, m.index + m[0].length];
        if (taken.some(([a, b]) => span[0] < b && a < span[1])) continue;
        taken.push(span);
        if (p.unlessSentence?.test(sentence)) continue;
        let figure = m[1] === '' || m[1] === undefined ? 0 : Number(m[1]);
        if (p.amount && m[2] === '元') figure = Math.round((figure / 10000) * 1e6) / 1e6;
        const statement: ProseStatement = { ids, figure, sentence: sentenceAround(text, at, shown), what: p.what(context.format), ref: refs[Math.min(at + m[0].length - 1, refs.length - 1)]! };
        if (p.alternative) statement.alternative = p.alternative(context.format);
        statements.push({ at, statement });
      }
    }
  }
  // in the order the text states them
  return statements.sort((a, b) => a.at - b.at).map((s) => s.statement);
}
