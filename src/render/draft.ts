/**
 * The county's draft annual report, compiled from the accepted reports of its townships and departments: the six
 * sections of the prescribed report, 二–四 as the form's own tables filled with the county totals, 一/五/六 as marked
 * drafts with the key figures filled in and the agencies included or missing. Written as HTML and as Word (docx,
 * the format county offices edit). Every number in the prose comes from the same totals as the tables.
 */
import type { Paragraph, Table } from 'docx';
import type { Level } from '../config';
import { levelWords } from '../level-words';
import type { Mapping } from '../mapping/mapping';
import { REQUEST_APPLICANT_COLUMNS, REQUEST_OUTCOME_KINDS, outcomeRowsOfKind, type Format } from '../model/canonical';
import { formLayout, PARTIAL_TOTAL, totalsForForm, type LayoutBlock } from './form-layout';
import { esc, layoutTable } from './html';
import { readingOrder } from './layout-cells';
import { textWidth } from '../text-width';

export interface CountyDraft {
  county: string;
  /** 县, 区, 市, 州 or 省 (the config's level): the prose says 全县, 全区, … */
  level: Level;
  year: number;
  format: Format;
  formatName: string;
  mapping: Mapping;
  /** county totals by id (the sums of the included reports) */
  values: Record<string, number | null>;
  included: string[];
  /** the roster's units that sent no report (as the run's summary lists them) */
  missing: string[];
  /** the units whose report was returned (none of theirs is accepted) */
  rejected: string[];
  /** where the county's own report differs from the sum of the others (messages) */
  differences: string[];
}

const DRAFT_MARK = '【草稿，请修改】';

/** The figures the prose quotes, each the sum of named ids (tests check every number of the prose against them). */
export function draftFigures(d: CountyDraft): { name: string; value: number }[] {
  const v = (id: string) => d.values[id] ?? 0;
  const sum = (ids: string[]) => Math.round(ids.reduce((s, id) => s + v(id), 0) * 1e6) / 1e6;
  return [
    { name: '本年新收申请', value: v('requests.new.total') },
    { name: '自然人', value: v('requests.new.natural') },
    { name: '法人或其他组织', value: sum(REQUEST_APPLICANT_COLUMNS.filter((c) => c !== 'natural').map((c) => `requests.new.${c}`)) },
    { name: '上年结转', value: v('requests.carried_in.total') },
    ...REQUEST_OUTCOME_KINDS.map((k) => ({ name: k.name, value: sum(outcomeRowsOfKind(k.prefix).map((r) => `requests.${r}.total`)) })),
    { name: '结转下年度继续办理', value: v('requests.carried_out.total') },
    { name: '行政复议', value: v('appeals.review.total') },
    { name: '行政诉讼', value: sum(['appeals.litigation_direct.total', 'appeals.litigation_after_review.total']) },
  ];
}

/** A paragraph of a section, or a heading of its second level: （一）… */
type SectionText = string | { heading: string };

interface Section {
  title: string;
  paragraphs: SectionText[];
  table?: LayoutBlock;
}

function sections(d: CountyDraft): Section[] {
  const f = Object.fromEntries(draftFigures(d).map((x) => [x.name, x.value]));
  const layout = formLayout(d.mapping, { values: totalsForForm(d.values) });
  const included = d.included.length ? d.included.join('、') : '（无）';
  // a sum over only some units is said to be theirs, never the whole county's
  const whole = d.missing.length === 0 && d.rejected.length === 0;
  const words = levelWords(d.level);
  const who = whole ? words.whole : `纳入汇总的${d.included.length}个单位`;
  return [
    {
      title: '一、总体情况',
      paragraphs: [
        `${DRAFT_MARK}本报告根据《中华人民共和国政府信息公开条例》要求，在${d.county}${words.filers}政府信息公开工作年度报告基础上汇总编制。本报告所列数据统计期限自${d.year}年1月1日起至${d.year}年12月31日止。`,
        `纳入汇总的单位（${d.included.length}个）：${included}。` + (d.missing.length ? `尚未报送的单位（${d.missing.length}个）：${d.missing.join('、')}。` : '') + (d.rejected.length ? `报表已退回、待改正后重新报送的单位（${d.rejected.length}个）：${d.rejected.join('、')}。` : '') + (whole ? '' : `以下数字为纳入汇总的${d.included.length}个单位的合计，不是${words.whole}的全部数字。`),
        { heading: '（一）主动公开' },
        `${DRAFT_MARK}（此处补充主动公开政府信息、政策解读和回应关切等工作情况。）`,
        { heading: '（二）依申请公开' },
        `${d.year}年，${who}共收到政府信息公开申请${f['本年新收申请']}件，其中自然人${f['自然人']}件，法人或其他组织${f['法人或其他组织']}件；上年结转${f['上年结转']}件。办理结果：予以公开${f['予以公开']}件，部分公开${f['部分公开']}件，不予公开${f['不予公开']}件，无法提供${f['无法提供']}件，不予处理${f['不予处理']}件，其他处理${f['其他处理']}件；结转下年度继续办理${f['结转下年度继续办理']}件。`,
        { heading: '（三）政府信息管理' },
        `${DRAFT_MARK}（此处补充政府信息管理、公开审查和动态调整等工作情况。）`,
        { heading: '（四）平台建设' },
        `${DRAFT_MARK}（此处补充政府网站、政务新媒体等公开平台建设情况。）`,
        { heading: '（五）监督保障' },
        `${who}发生政府信息公开行政复议${f['行政复议']}件，行政诉讼${f['行政诉讼']}件。`,
        `${DRAFT_MARK}（此处补充组织领导、培训考核和社会评议等监督保障情况。）`,
      ],
    },
    ...[layout.tables.proactive, layout.tables.requests, layout.tables.appeals].map((t) => ({ title: t.rows[0]![0] as string, paragraphs: [], table: withoutTitle(t) })),
    { title: '五、存在的主要问题及改进情况', paragraphs: [`${DRAFT_MARK}（此处填写存在的主要问题和改进措施。）`] },
    {
      title: '六、其他需要报告的事项',
      paragraphs: [
        `${DRAFT_MARK}（此处填写收取信息处理费、人大代表建议和政协提案办理结果等其他需要报告的事项。）`,
        ...(d.differences.length ? ['本级报表与各单位报表合计不一致之处（请核实后删除本段）：', ...d.differences] : []),
      ],
    },
  ];
}

/** The table without its title row (the title is the section heading): merges and heading rows moved up one row. */
function withoutTitle(block: LayoutBlock): LayoutBlock {
  return {
    rows: block.rows.slice(1),
    merges: block.merges.filter((m) => m.s.r > 0).map((m) => ({ s: { r: m.s.r - 1, c: m.s.c }, e: { r: m.e.r - 1, c: m.e.c } })),
    headers: (block.headers ?? []).filter((h) => h > 0).map((h) => h - 1),
  };
}

/** The fonts of a government document (GB/T 9704), each with the font Word uses where it is not installed. */
export const DOCUMENT_FONTS = {
  title: { name: '方正小标宋简体', fallback: '宋体' },
  body: { name: '仿宋_GB2312', fallback: '仿宋' },
  heading1: { name: '黑体', fallback: 'SimHei' },
  heading2: { name: '楷体_GB2312', fallback: '楷体' },
  page: { name: '宋体', fallback: 'SimSun' },
} as const;
/** 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt, in half-points */
const SIZE = { title: 44, body: 32, page: 28, table: 21 } as const;
/** Two characters of 三号 (16 pt), in twips: the first-line indent of every paragraph. */
const INDENT = 640;
/** A4, in twips, with the margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). */
const PAGE = { width: 11906, height: 16838, top: 2098, bottom: 1984, left: 1588, right: 1474 } as const;
/** 22 lines to a page: each line exactly 28.95 pt. */
const LINE = 579;

const CSS_FONTS = (f: { name: string; fallback: string }, generic: string) => `"${f.name}","${f.fallback}",${generic}`;

export function draftHtml(d: CountyDraft): string {
  const body = sections(d)
    .map((s) => `<h2>${esc(s.title)}</h2>\n${s.paragraphs.map((p) => (typeof p === 'string' ? `<p>${esc(p)}</p>` : `<h3>${esc(p.heading)}</h3>`)).join('\n')}${s.table ? `\n${layoutTable(s.table)}` : ''}`)
    .join('\n');
  const f = DOCUMENT_FONTS;
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(`${d.county}${d.year}年政府信息公开工作年度报告（草稿）`)}</title>
<style>body{font-family:${CSS_FONTS(f.body, 'serif')};font-size:16pt;max-width:900px;margin:24px auto;line-height:1.8}p{text-indent:2em;margin:0}h1{font-family:${CSS_FONTS(f.title, 'serif')};font-size:22pt;font-weight:normal;text-align:center}h2{font-family:${CSS_FONTS(f.heading1, 'sans-serif')};font-size:16pt;font-weight:normal;text-indent:2em;margin:0}h3{font-family:${CSS_FONTS(f.heading2, 'serif')};font-size:16pt;font-weight:normal;text-indent:2em;margin:0}table{border-collapse:collapse;margin:8px 0}td{border:1px solid #000;padding:2px 6px;font-size:10.5pt;text-align:left}td.n,tr.h td{text-align:center}</style></head>
<body><h1>${esc(`${d.county}${d.year}年政府信息公开工作年度报告`)}</h1><p style="text-align:center;text-indent:0">（草稿，根据各单位报表汇总生成，${esc(d.formatName)}）</p>
${body}
</body></html>
`;
}

/** A cell's left and right margins in the draft's tables (twips, 0.1 cm): narrow, so that a number has its room. */
const CELL_MARGIN = 57;
/** Every number column holds at least this many digits: a county's totals run to six. */
const MIN_DIGITS = 6;
/** The text width of a portrait page, and of a landscape one (GB/T 9704 §10: a wide table is printed across). */
const TEXT_WIDTH = { portrait: PAGE.width - PAGE.left - PAGE.right, landscape: PAGE.height - PAGE.left - PAGE.right } as const;

/** The cells (`r,c`) that begin a merge across columns: their text spans the merge, not their own column. */
function mergedAcross(block: LayoutBlock): Set<string> {
  const merged = new Set<string>();
  for (const m of block.merges) if (m.e.c > m.s.c) for (let r = m.s.r; r <= m.e.r; r++) merged.add(`${r},${m.s.c}`);
  return merged;
}

/** A column of numbers: no text in it but headings, merged labels and 部分单位未填 (a total some units did not give). */
function numberColumns(block: LayoutBlock): boolean[] {
  const merged = mergedAcross(block);
  const headers = new Set(block.headers ?? []);
  const columns = Math.max(...block.rows.map((r) => r.length));
  return Array.from({ length: columns }, (_, c) => block.rows.every((row, r) => {
    const v = row[c];
    return typeof v !== 'string' || v === PARTIAL_TOTAL || headers.has(r) || merged.has(`${r},${c}`);
  }));
}

/**
 * Widths of a table's columns in twips: a column of numbers as wide as its widest number, and never narrower than
 * MIN_DIGITS digits (a number is never broken over two lines: 155 printed as 15 over 5); the columns of labels
 * share what is left, each as its longest label wants (up to a share). Null when the numbers alone need more than
 * `total`: the table is printed on a landscape page.
 */
export function columnTwips(block: LayoutBlock, total: number): number[] | null {
  const merged = mergedAcross(block);
  const headers = new Set(block.headers ?? []);
  const perUnit = SIZE.table * 5; // twips per half-width character at the table's size (a Chinese character is two)
  const padding = 2 * CELL_MARGIN + 60;
  const numeric = numberColumns(block);
  const numberWidth = numeric.map((isNumber, c) => {
    if (!isNumber) return 0;
    const digits = Math.max(MIN_DIGITS, ...block.rows.map((row) => (typeof row[c] === 'number' ? String(row[c]).length : 0)));
    return digits * perUnit + padding;
  });
  const numbers = numberWidth.reduce((a, b) => a + b, 0);
  const labelWants = numeric.map((isNumber, c) => {
    if (isNumber) return 0;
    let widest = 4;
    block.rows.forEach((row, r) => {
      const v = row[c];
      if (typeof v === 'string' && !merged.has(`${r},${c}`) && !headers.has(r)) widest = Math.max(widest, textWidth(v));
    });
    return Math.min(widest, 24) * perUnit + padding;
  });
  const labels = labelWants.reduce((a, b) => a + b, 0);
  const labelMinimum = labelWants.filter((w) => w > 0).length * (4 * perUnit + padding); // two characters a line
  if (numbers + labelMinimum > total) return null;
  // what is left goes to the labels (as they want it); with no labels, the numbers share the width
  const left = total - numbers;
  if (labels === 0) return numberWidth.map((w) => Math.floor((w * total) / numbers));
  return numeric.map((isNumber, c) => (isNumber ? numberWidth[c]! : Math.floor((labelWants[c]! * left) / labels)));
}

/** The docx library, loaded when a draft is first written (a run that writes none does not pay for it). */
export function docxLibrary(): typeof import('docx') {
  return require('docx') as typeof import('docx');
}

/**
 * The paragraph styles of the tables' cells (defined in draftDocx: the table font at 五号, single-spaced, not
 * indented; labels left, numbers and headings centred). A style per cell kind, not properties on every cell: the
 * document is smaller, faster to write, and a clerk restyles all tables at once.
 */
const TABLE_STYLES = { text: 'TableText', centred: 'TableCentred' } as const;

/** A table of the form as a Word table: merged cells as gridSpan (across) and vMerge (down), as Word writes them. */
export function docxTable(block: LayoutBlock, width: number = TEXT_WIDTH.portrait): Table {
  const { Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType, Paragraph } = docxLibrary();
  // too wide even for a landscape page (no form's table is): equal columns, the numbers may wrap
  const columns = numberColumns(block).length;
  const widths = columnTwips(block, width) ?? new Array<number>(columns).fill(Math.floor(width / columns));
  const headers = new Set(block.headers ?? []);
  // the heading rows Word repeats on each page: those at the top, when they are the table's only headings (表二's
  // sub-table headings further down are not repeated)
  let leading = 0;
  while (headers.has(leading)) leading++;
  const repeated = headers.size === leading ? leading : 0;
  const rows = readingOrder(block).map(
    (cells) =>
      new TableRow({
        cantSplit: true,
        tableHeader: (cells[0]?.r ?? repeated) < repeated,
        children: cells.map(
          (cell) =>
            new TableCell({
              columnSpan: cell.colSpan,
              rowSpan: cell.rowSpan,
              verticalAlign: VerticalAlign.CENTER,
              width: { size: widths.slice(cell.c, cell.c + cell.colSpan).reduce((a, b) => a + b, 0), type: WidthType.DXA },
              children: [
                new Paragraph({
                  style: typeof cell.value === 'number' || headers.has(cell.r) ? TABLE_STYLES.centred : TABLE_STYLES.text,
                  keepNext: headers.has(cell.r), // a heading row is never left alone at the foot of a page
                  children: [new TextRun(cell.value === null ? '' : String(cell.value))],
                }),
              ],
            }),
        ),
      }),
  );
  const tableWidth = widths.reduce((a, b) => a + b, 0);
  return new Table({ rows, columnWidths: widths, layout: TableLayoutType.FIXED, width: { size: tableWidth, type: WidthType.DXA }, margins: { left: CELL_MARGIN, right: CELL_MARGIN } });
}

/** word/fontTable.xml: each font with the one Word substitutes where it is missing (w:altName), GB2312 charset. */
function fontTable(): string {
  const fonts = Object.values(DOCUMENT_FONTS)
    .map((f) => `<w:font w:name="${f.name}"><w:altName w:val="${f.fallback}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`;
}

const font = (f: { name: string }) => ({ eastAsia: f.name, ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman' });

/**
 * The draft as a government document (GB/T 9704): title in 小标宋 二号, body in 仿宋_GB2312 三号 with a first-line
 * indent of two characters and 22 lines to the page, 一、 headings in 黑体 and （一） headings in 楷体 as Word's own
 * heading styles (the navigation pane lists them), A4 with the standard margins, page numbers 「— 1 —」 at the
 * outside edge, number columns never narrower than six digits, a table too wide for the page on a landscape page
 * of its own.
 */
export function draftDocx(d: CountyDraft): Promise<Buffer> {
  const { AlignmentType, Document, Footer, HeadingLevel, LineRuleType, Packer, PageNumber, PageOrientation, Paragraph, TextRun } = docxLibrary();
  const children: (Paragraph | Table)[] = [
    new Paragraph({ style: 'Title', children: [new TextRun(`${d.county}${d.year}年政府信息公开工作年度报告`)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, children: [new TextRun({ text: `（草稿，根据各单位报表汇总生成，${d.formatName}）`, size: SIZE.page })] }),
  ];
  // the document's parts in order: portrait, and a landscape one for a table too wide for a portrait page
  const parts: { landscape: boolean; children: (Paragraph | Table)[] }[] = [{ landscape: false, children }];
  for (const s of sections(d)) {
    const across = s.table !== undefined && columnTwips(s.table, TEXT_WIDTH.portrait) === null;
    if (across) parts.push({ landscape: true, children: [] });
    const into = parts.at(-1)!.children;
    into.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(s.title)] }));
    for (const p of s.paragraphs) {
      into.push(typeof p === 'string' ? new Paragraph({ children: [new TextRun(p)] }) : new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(p.heading)] }));
    }
    if (s.table) into.push(docxTable(s.table, across ? TEXT_WIDTH.landscape : TEXT_WIDTH.portrait));
    if (across) parts.push({ landscape: false, children: [] });
  }
  // GB/T 9704 §7.5: the page number 「— 1 —」 in 四号 宋体 at the outside edge, one character in: right on odd pages, left on even
  const pageNumber = (right: boolean) =>
    new Footer({
      children: [
        new Paragraph({
          alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: right ? { firstLine: 0, right: SIZE.page * 10 } : { firstLine: 0, left: SIZE.page * 10 },
          children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(DOCUMENT_FONTS.page), size: SIZE.page })],
        }),
      ],
    });
  const heading = (id: string, name: string, f: { name: string }, outlineLevel: number) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: font(f), size: SIZE.body, bold: false, color: '000000' },
    paragraph: { outlineLevel, indent: { firstLine: INDENT }, spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, keepNext: true },
  });
  const doc = new Document({
    creator: d.county,
    title: `${d.county}${d.year}年政府信息公开工作年度报告（草稿）`,
    styles: {
      default: {
        document: {
          run: { font: font(DOCUMENT_FONTS.body), size: SIZE.body },
          paragraph: { indent: { firstLine: INDENT }, spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, alignment: AlignmentType.JUSTIFIED },
        },
      },
      paragraphStyles: [
        {
          id: 'Title',
          name: 'Title',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: font(DOCUMENT_FONTS.title), size: SIZE.title, bold: false, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, spacing: { before: 0, after: LINE, line: 700, lineRule: LineRuleType.EXACT } },
        },
        heading('Heading1', 'heading 1', DOCUMENT_FONTS.heading1, 0),
        heading('Heading2', 'heading 2', DOCUMENT_FONTS.heading2, 1),
        {
          id: TABLE_STYLES.text,
          name: '表格文字',
          basedOn: 'Normal',
          quickFormat: true,
          run: { font: { eastAsia: DOCUMENT_FONTS.page.name, ascii: 'Times New Roman', hAnsi: 'Times New Roman' }, size: SIZE.table },
          paragraph: { alignment: AlignmentType.LEFT, indent: { firstLine: 0 }, spacing: { line: 300, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
        },
        { id: TABLE_STYLES.centred, name: '表格文字（居中）', basedOn: TABLE_STYLES.text, quickFormat: true, paragraph: { alignment: AlignmentType.CENTER } },
      ],
    },
    evenAndOddHeaderAndFooters: true,
    sections: parts.filter((part) => part.children.length > 0).map((part) => ({
      properties: {
        page: {
          size: { width: PAGE.width, height: PAGE.height, orientation: part.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, footer: 1000 },
        },
      },
      footers: { default: pageNumber(true), even: pageNumber(false) },
      children: part.children,
    })),
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTable() }]);
}
