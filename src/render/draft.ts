/**
 * The county's draft annual report, compiled from the accepted reports of its townships and departments: the six
 * sections of the prescribed report, 二–四 as the form's own tables filled with the county totals, 一/五/六 as marked
 * drafts with the key figures filled in and the agencies included or missing. Written as HTML and as Word (docx,
 * the format county offices edit). Every number in the prose comes from the same totals as the tables.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Mapping } from '../mapping/load';
import { REQUEST_APPLICANT_COLUMNS, REQUEST_OUTCOME_KINDS, outcomeRowsOfKind, type Format } from '../model/canonical';
import { formLayout, totalsForForm, type LayoutBlock } from './form-layout';
import { esc, layoutTable } from './html';
import { readingOrder } from './layout-cells';

export interface CountyDraft {
  county: string;
  year: number;
  format: Format;
  formatName: string;
  mapping: Mapping;
  /** county totals by id (the sums of the included reports) */
  values: Record<string, number | null>;
  included: string[];
  missing: string[];
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

interface Section {
  title: string;
  paragraphs: string[];
  table?: LayoutBlock;
}

function sections(d: CountyDraft): Section[] {
  const f = Object.fromEntries(draftFigures(d).map((x) => [x.name, x.value]));
  const layout = formLayout(d.mapping, { values: totalsForForm(d.values) });
  const included = d.included.length ? d.included.join('、') : '（无）';
  return [
    {
      title: '一、总体情况',
      paragraphs: [
        `${DRAFT_MARK}本报告根据《中华人民共和国政府信息公开条例》要求，在${d.county}各乡（镇、街道办事处）、县政府各部门政府信息公开工作年度报告基础上汇总编制。本报告所列数据统计期限自${d.year}年1月1日起至${d.year}年12月31日止。`,
        `纳入汇总的单位（${d.included.length}个）：${included}。` + (d.missing.length ? `尚未报送或未通过审核的单位（${d.missing.length}个）：${d.missing.join('、')}。` : ''),
        `${d.year}年，全县共收到政府信息公开申请${f['本年新收申请']}件，其中自然人${f['自然人']}件，法人或其他组织${f['法人或其他组织']}件；上年结转${f['上年结转']}件。办理结果：予以公开${f['予以公开']}件，部分公开${f['部分公开']}件，不予公开${f['不予公开']}件，无法提供${f['无法提供']}件，不予处理${f['不予处理']}件，其他处理${f['其他处理']}件；结转下年度继续办理${f['结转下年度继续办理']}件。`,
        `全县发生政府信息公开行政复议${f['行政复议']}件，行政诉讼${f['行政诉讼']}件。`,
        `${DRAFT_MARK}（此处补充主动公开、政策解读、平台建设、监督保障等工作情况。）`,
      ],
    },
    { title: layout.tables.proactive.rows[0]![0] as string, paragraphs: [], table: { rows: layout.tables.proactive.rows.slice(1), merges: shiftUp(layout.tables.proactive) } },
    { title: layout.tables.requests.rows[0]![0] as string, paragraphs: [], table: { rows: layout.tables.requests.rows.slice(1), merges: shiftUp(layout.tables.requests) } },
    { title: layout.tables.appeals.rows[0]![0] as string, paragraphs: [], table: { rows: layout.tables.appeals.rows.slice(1), merges: shiftUp(layout.tables.appeals) } },
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

/** The table without its title row (the title is the section heading): merges moved up one row. */
function shiftUp(block: LayoutBlock): LayoutBlock['merges'] {
  return block.merges.filter((m) => m.s.r > 0).map((m) => ({ s: { r: m.s.r - 1, c: m.s.c }, e: { r: m.e.r - 1, c: m.e.c } }));
}

export function draftHtml(d: CountyDraft): string {
  const body = sections(d)
    .map((s) => `<h2>${esc(s.title)}</h2>\n${s.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}${s.table ? `\n${layoutTable(s.table)}` : ''}`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(`${d.county}${d.year}年政府信息公开工作年度报告（草稿）`)}</title>
<style>body{font-family:"FangSong","仿宋",serif;max-width:900px;margin:24px auto;line-height:1.7}table{border-collapse:collapse}td{border:1px solid #000;padding:2px 6px;font-size:13px}td:not(:first-child){text-align:center}</style></head>
<body><h1 style="text-align:center">${esc(`${d.county}${d.year}年政府信息公开工作年度报告`)}</h1><p style="text-align:center">（草稿，由 nianbao 根据各单位报表生成，${esc(d.formatName)}）</p>
${body}
</body></html>
`;
}

/** A table of the form as a Word table: merged cells as gridSpan (across) and vMerge (down), as Word writes them. */
export function docxTable(block: LayoutBlock): Table {
  const rows = readingOrder(block).map(
    (cells) =>
      new TableRow({
        children: cells.map(
          (cell) =>
            new TableCell({
              columnSpan: cell.colSpan,
              rowSpan: cell.rowSpan,
              children: [new Paragraph({ alignment: typeof cell.value === 'number' ? AlignmentType.CENTER : AlignmentType.LEFT, children: [new TextRun({ text: cell.value === null ? '' : String(cell.value), size: 18 })] })],
            }),
        ),
      }),
  );
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

export function draftDocx(d: CountyDraft): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${d.county}${d.year}年政府信息公开工作年度报告`, bold: true, size: 36 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `（草稿，由 nianbao 根据各单位报表生成，${d.formatName}）`, size: 20 })] }),
  ];
  for (const s of sections(d)) {
    children.push(new Paragraph({ children: [new TextRun({ text: s.title, bold: true, size: 28 })] }));
    for (const p of s.paragraphs) children.push(new Paragraph({ children: [new TextRun({ text: p, size: 24 })] }));
    if (s.table) children.push(docxTable(s.table));
  }
  return Packer.toBuffer(new Document({ creator: 'nianbao', title: `${d.county}${d.year}年政府信息公开工作年度报告（草稿）`, sections: [{ children }] }));
}
