/**
 * The printed layout of the report's three tables (layouts.md §3–§5), as plain arrays of rows with merged ranges,
 * filled with given values. Used for the blank template, the county report and test fixtures; the labels come
 * from the mapping, the group labels of 表三 and 表四 from the form itself.
 */
import type { Mapping } from '../mapping/mapping';
import { APPEAL_COLUMNS, APPEAL_GROUPS, REQUEST_COLUMNS, formRequestRows, type TableId } from '../model/canonical';
import type { CellRange } from '../read/grid';

export type LayoutValue = string | number | null;

/** A rectangle of cells with merges relative to its own top-left corner. */
export interface LayoutBlock {
  rows: LayoutValue[][];
  merges: CellRange[];
  /** a table's heading rows (column labels, sub-table names): printed bold and shaded */
  headers?: number[];
}

export interface FormLayout {
  title: string;
  identity: LayoutBlock;
  tables: Record<TableId, LayoutBlock>;
}

/** The three tables in the order the form prints them: 表二, 表三, 表四. */
export function formTables(layout: FormLayout): LayoutBlock[] {
  return [layout.tables.proactive, layout.tables.requests, layout.tables.appeals];
}

const REQUESTS_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
const REQUEST_GROUPS: { prefix: string; label: string }[] = [
  { prefix: 'refused_', label: '（三）不予公开' },
  { prefix: 'unavailable_', label: '（四）无法提供' },
  { prefix: 'unprocessed_', label: '（五）不予处理' },
  { prefix: 'other_', label: '（六）其他处理' },
];
const APPEAL_GROUP_LABEL: Record<(typeof APPEAL_GROUPS)[number], string> = {
  review: '行政复议',
  litigation_direct: '未经复议直接起诉',
  litigation_after_review: '复议后起诉',
};

function merge(r1: number, c1: number, r2: number, c2: number): CellRange {
  return { s: { r: r1, c: c1 }, e: { r: r2, c: c2 } };
}

function label(mapping: Mapping, id: string): { row: string; column: string } {
  const l = mapping.labels.get(id);
  if (!l) throw new Error(`no label for ${id} in ${mapping.file}`);
  return { row: l.rowLabel, column: l.columnLabel };
}

type Values = Readonly<Record<string, LayoutValue | undefined>>;

/**
 * County totals as the form shows them: a total not every included agency gave (null in CountyTotals, e.g. the parts
 * of （六）其他处理 where one printed only the subtotal) says so instead of showing a blank that reads as 0.
 */
export const PARTIAL_TOTAL = '部分单位未填';
export function totalsForForm(values: Readonly<Record<string, number | null>>): Values {
  return Object.fromEntries(Object.entries(values).map(([id, v]) => [id, v ?? PARTIAL_TOTAL]));
}
const valueOf = (values: Values, id: string): LayoutValue => values[id] ?? null;

function proactive(mapping: Mapping, values: Values): LayoutBlock {
  const rows: LayoutValue[][] = [[mapping.tableTitles.proactive]];
  const merges: CellRange[] = [];
  const headers: number[] = [];
  const width = 1 + Math.max(...mapping.blocks.filter((b) => b.table === 'proactive').map((b) => b.columns.length));
  merges.push(merge(0, 0, 0, width - 1));
  for (const block of mapping.blocks.filter((b) => b.table === 'proactive')) {
    merges.push(merge(rows.length, 0, rows.length, width - 1));
    headers.push(rows.length, rows.length + 1);
    rows.push([block.name]);
    rows.push(['信息内容', ...block.columns.map((c) => c.label)]);
    for (const row of block.rows ?? []) {
      rows.push([row.label, ...block.columns.map((c) => valueOf(values, block.idOf(row.id, c.id)))]);
    }
  }
  return { rows, merges, headers };
}

function requests(mapping: Mapping, values: Values): LayoutBlock {
  const format = mapping.format;
  const title = mapping.tableTitles.requests;
  const rows: LayoutValue[][] = [
    [title],
    [REQUESTS_NOTE, null, null, '申请人情况'],
    [null, null, null, '自然人', '法人或其他组织', null, null, null, null, '总计'],
    [null, null, null, null, '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', null],
  ];
  const merges = [merge(0, 0, 0, 9), merge(1, 0, 3, 2), merge(1, 3, 1, 9), merge(2, 3, 3, 3), merge(2, 4, 2, 8), merge(2, 9, 3, 9)];
  const all = formRequestRows(format);
  const outcomes = all.slice(2, -2);
  const data = (row: string) => REQUEST_COLUMNS.map((c) => valueOf(values, `requests.${row}.${c}`));
  const rowLabel = (row: string) => label(mapping, `requests.${row}.total`).row;
  for (const row of all) {
    const r = rows.length;
    if (!outcomes.includes(row)) {
      rows.push([rowLabel(row), null, null, ...data(row)]);
      merges.push(merge(r, 0, r, 2));
      continue;
    }
    const first = row === outcomes[0];
    const group = REQUEST_GROUPS.find((g) => row.startsWith(g.prefix) && outcomes.filter((o) => o.startsWith(g.prefix)).length > 1);
    const groupRows = group ? outcomes.filter((o) => o.startsWith(group.prefix)) : [];
    const cells: LayoutValue[] = [first ? '三、本年度办理结果' : null, null, null, ...data(row)];
    if (first) merges.push(merge(r, 0, r + outcomes.length - 1, 0));
    if (group) {
      if (groupRows[0] === row) {
        cells[1] = group.label;
        merges.push(merge(r, 1, r + groupRows.length - 1, 1));
      }
      cells[2] = rowLabel(row);
    } else {
      cells[1] = rowLabel(row);
      merges.push(merge(r, 1, r, 2));
    }
    rows.push(cells);
  }
  return { rows, merges, headers: [1, 2, 3] };
}

function appeals(mapping: Mapping, values: Values): LayoutBlock {
  const parts = APPEAL_COLUMNS.map((c) => label(mapping, `appeals.review.${c}`).column);
  const rows: LayoutValue[][] = [
    [mapping.tableTitles.appeals],
    ['行政复议', null, null, null, null, '行政诉讼'],
    [...parts, APPEAL_GROUP_LABEL.litigation_direct, null, null, null, null, APPEAL_GROUP_LABEL.litigation_after_review],
    [null, null, null, null, null, ...parts, ...parts],
    APPEAL_GROUPS.flatMap((g) => APPEAL_COLUMNS.map((c) => valueOf(values, `appeals.${g}.${c}`))),
  ];
  const merges = [merge(0, 0, 0, 14), merge(1, 0, 1, 4), merge(1, 5, 1, 14), merge(2, 5, 2, 9), merge(2, 10, 2, 14)];
  for (let c = 0; c < 5; c++) merges.push(merge(2, c, 3, c));
  return { rows, merges, headers: [1, 2, 3] };
}

export interface FormContent {
  agency?: string | null;
  year?: number | null;
  values?: Values;
}

export function formLayout(mapping: Mapping, content: FormContent = {}): FormLayout {
  const values = content.values ?? {};
  const title = `${content.agency ?? ''}${content.year ?? '    '}年政府信息公开工作年度报告`;
  return {
    title,
    identity: { rows: [[title], ['填报单位：', content.agency ?? null, null, '报告年度：', content.year ?? null]], merges: [merge(0, 0, 0, 9)] },
    tables: { proactive: proactive(mapping, values), requests: requests(mapping, values), appeals: appeals(mapping, values) },
  };
}

/** Where each stacked block begins (its first row), and how wide it is. */
export interface BlockPlace {
  top: number;
  height: number;
  width: number;
}

/**
 * Stacks blocks top to bottom with `gap` blank rows between them, starting at (row, column); `places` says where each
 * block went, `headers` are the blocks' heading rows where they are now.
 */
export function stackBlocks(blocks: readonly LayoutBlock[], gap = 1, at = { r: 0, c: 0 }): LayoutBlock & { places: BlockPlace[] } {
  const rows: LayoutValue[][] = [];
  const merges: CellRange[] = [];
  const headers: number[] = [];
  const places: BlockPlace[] = [];
  for (let r = 0; r < at.r; r++) rows.push([]);
  blocks.forEach((block, i) => {
    if (i > 0) for (let g = 0; g < gap; g++) rows.push([]);
    const top = rows.length;
    for (const row of block.rows) rows.push([...(new Array(at.c).fill(null) as LayoutValue[]), ...row]);
    for (const m of block.merges) merges.push(merge(m.s.r + top, m.s.c + at.c, m.e.r + top, m.e.c + at.c));
    for (const h of block.headers ?? []) headers.push(h + top);
    places.push({ top, height: block.rows.length, width: Math.max(0, ...block.rows.map((r) => r.length)) + at.c });
  });
  return { rows, merges, headers, places };
}
