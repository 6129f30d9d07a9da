/**
 * A mapping compiled for locating: the checked contents of one mapping file (mappings/*.yaml) turned into label
 * indexes, and checked against the canonical model. Reading the YAML is load.ts's; this module loads neither the YAML
 * parser nor zod, so a reading thread compiles the data the main thread checked without either.
 */
import { CANONICAL, SUBTOTALS, TABLES, TABLE_NUMBER, canonicalCell, type Format, type TableId } from '../model/canonical';
import type { CellNames } from '../issues';
import { buildLabelIndex, normalizeLabel, stripLabelNotes, type LabelIndex } from './label';
import type { MappingBlock, MappingFile } from './schema';

export interface CompiledColumn {
  id: string;
  label: string;
  group?: string;
}

export interface CompiledBlock {
  table: TableId;
  name: string;
  anchors: LabelIndex<true>;
  columns: CompiledColumn[];
  /** leaf header label → the columns it may name (several where labels repeat under groups, as in table 四) */
  columnsByLabel: LabelIndex<CompiledColumn[]>;
  groups: LabelIndex<string>;
  /** a grouped column named by group and label in one header cell: 行政复议结果维持, 行政复议-结果维持 */
  combined: LabelIndex<CompiledColumn>;
  /** every header label of the block (columns with aliases, groups), normalised and without notes: to tell the
   * pieces of a header broken over lines (商业 / 企业) from words that only sit near each other */
  headerLabels: string[];
  /** null: one unlabelled data row directly below the header */
  rows: { id: string; label: string }[] | null;
  /** finds a row label, also behind group labels printed in the same cell (「（三）不予公开 1.属于国家秘密」) */
  rowsByLabel: LabelIndex<string>;
  /** canonical id of the value where a row meets a column */
  idOf(rowId: string | null, columnId: string): string;
  /** subtotal rows (SUBTOTALS) a report may print in place of their parts: 2021's （六）其他处理 as one row */
  combinedRows: { id: string; label: string; parts: string[] }[];
  /** this block as a report prints it with its combined rows in place of their parts (located only when no part is) */
  asCombined?: CompiledBlock;
  /** read as printing its combined rows: the labels of the parts it does not print (text reading as one is not the combined row's) */
  partLabels: string[];
}

export interface CellLabels {
  table: TableId;
  tableTitle: string;
  rowLabel: string;
  columnLabel: string;
}

export interface Mapping {
  format: Format;
  version: number;
  name: string;
  /** file name inside mappings/, as recorded with every submission */
  file: string;
  tableTitles: Record<TableId, string>;
  blocks: CompiledBlock[];
  labels: ReadonlyMap<string, CellLabels>;
  /** every label and alias of the file (rows, columns, groups, anchors), normalised, notes stripped */
  labelSet: ReadonlySet<string>;
  /** the checked contents of the file, as plain data: what a reading thread compiles its own copy from */
  source: MappingFile;
}

/** The form's names of a canonical cell (表三, row label, column label), for messages. */
export function cellNames(mapping: Mapping, id: string): CellNames {
  const labels = mapping.labels.get(id);
  if (!labels) throw new Error(`${id} is not mapped in ${mapping.file}`);
  return { table: TABLE_NUMBER[labels.table], row: labels.rowLabel, column: labels.columnLabel };
}

export class MappingError extends Error {
  readonly code = 'mapping.invalid';
  constructor(message: string) {
    super(message);
  }
}

/** Throws the MappingError that names the file, the place in it and what is wrong. */
export function failMapping(file: string, where: string, message: string): never {
  throw new MappingError(`映射文件 ${file} 有误（${where}）：${message}`);
}

function withPrefixes(index: LabelIndex<string>, prefixes: readonly string[]): LabelIndex<string> {
  if (prefixes.length === 0) return index;
  const normalized = prefixes.map(normalizeLabel);
  const findKey = (key: string, bare: string): string | undefined => {
    const direct = index.findKey(key, bare);
    if (direct) return direct;
    let rest = key;
    for (let stripped = true; stripped; ) {
      stripped = false;
      for (const prefix of normalized) {
        if (rest.startsWith(prefix) && rest.length > prefix.length) {
          rest = rest.slice(prefix.length);
          stripped = true;
        }
      }
    }
    return rest === key ? undefined : index.findKey(rest, stripLabelNotes(rest));
  };
  return {
    findKey,
    find(text) {
      const key = normalizeLabel(text);
      return findKey(key, stripLabelNotes(key));
    },
  };
}

/** What stands between a group and a column label printed in one cell (spaces are dropped by normalisation). */
const COMBINED_SEPARATORS = ['', '-', '－', '/', '·', ':', '_', '—'];

/** The block with each combined row in place of its parts (at the first part's place), no longer a row prefix. */
function asCombined(block: MappingBlock, parts: ReadonlyMap<string, readonly string[]>): MappingBlock {
  const rows = (block.rows ?? []).flatMap((r) => {
    const combined = block.combined_rows.find((c) => parts.get(c.id)!.includes(r.id));
    return !combined ? [r] : parts.get(combined.id)![0] === r.id ? [combined] : [];
  });
  const printed = new Set(block.combined_rows.flatMap((c) => [c.label, ...c.aliases].map(normalizeLabel)));
  return { ...block, rows, row_prefixes: block.row_prefixes.filter((p) => !printed.has(normalizeLabel(p))), combined_rows: [] };
}

/** The labels of the rows a block's combined rows stand for. */
function partLabelsOf(block: MappingBlock, parts: ReadonlyMap<string, readonly string[]>): string[] {
  const standFor = new Set(block.combined_rows.flatMap((c) => parts.get(c.id) ?? []));
  return (block.rows ?? []).filter((r) => standFor.has(r.id)).map((r) => r.label);
}

/**
 * A block's canonical ids by row and column, each string made once (locating a report binds ~200 values, each by its
 * id: made afresh, every id was a new string to build and hash).
 */
function idMaker(table: TableId): CompiledBlock['idOf'] {
  const made = new Map<string | null, Map<string, string>>();
  return (rowId, columnId) => {
    let row = made.get(rowId);
    if (!row) made.set(rowId, (row = new Map()));
    let id = row.get(columnId);
    if (id === undefined) row.set(columnId, (id = rowId === null ? `${table}.${columnId}` : `${table}.${rowId}.${columnId}`));
    return id;
  };
}

function compileBlock(table: TableId, block: MappingBlock, format: Format, partLabels: string[] = []): CompiledBlock {
  const columns: CompiledColumn[] = block.columns.map((c) => ({ id: c.id, label: c.label, group: c.group }));
  const byLabel = new Map<string, { labels: string[]; target: CompiledColumn[] }>();
  for (const c of block.columns) {
    const key = [c.label, ...c.aliases].join('\u0000');
    const entry = byLabel.get(key) ?? { labels: [c.label, ...c.aliases], target: [] };
    entry.target.push(columns[block.columns.indexOf(c)]!);
    byLabel.set(key, entry);
  }
  const groupNames = [...new Set(block.columns.flatMap((c) => (c.group ? [c.group] : [])))];
  const rows = block.rows?.map((r) => ({ id: r.id, label: r.label })) ?? null;
  const partsOf = new Map(SUBTOTALS[format].map((s) => [s.row, s.parts] as const));
  return {
    table,
    name: block.name,
    anchors: buildLabelIndex([{ labels: block.anchor, target: true as const }]),
    columns,
    columnsByLabel: buildLabelIndex([...byLabel.values()]),
    groups: buildLabelIndex(groupNames.map((g) => ({ labels: [g], target: g }))),
    combined: buildLabelIndex(
      block.columns.flatMap((c, n) => (c.group ? [{ labels: [c.label, ...c.aliases].flatMap((l) => COMBINED_SEPARATORS.map((sep) => `${c.group}${sep}${l}`)), target: columns[n]! }] : [])),
    ),
    headerLabels: [...new Set([...block.columns.flatMap((c) => [c.label, ...c.aliases]), ...groupNames].map((l) => stripLabelNotes(normalizeLabel(l))))],
    rows,
    rowsByLabel: withPrefixes(buildLabelIndex((block.rows ?? []).map((r) => ({ labels: [r.label, ...r.aliases], target: r.id }))), block.row_prefixes),
    idOf: idMaker(table),
    combinedRows: block.combined_rows.map((c) => ({ id: c.id, label: c.label, parts: [...(partsOf.get(c.id) ?? [])] })),
    asCombined: block.combined_rows.length > 0 ? compileBlock(table, asCombined(block, partsOf), format, partLabelsOf(block, partsOf)) : undefined,
    partLabels,
  };
}

/** Compiles the checked contents of a mapping file. `file` names it in messages and in every submission's record. */
export function compileMapping(file: string, source: MappingFile): Mapping {
  const m = source;
  const format = m.format as Format;
  const blocks: CompiledBlock[] = [];
  const labels = new Map<string, CellLabels>();
  const tableTitles = {} as Record<TableId, string>;
  for (const table of TABLES) {
    tableTitles[table] = m.tables[table].title;
    m.tables[table].blocks.forEach((block, b) => {
      const where = `tables.${table}.blocks.${b}（${block.name}）`;
      for (const c of block.combined_rows) {
        const parts = SUBTOTALS[format].find((s) => s.row === c.id)?.parts;
        if (!parts) failMapping(file, where, `combined_rows 的 ${c.id} 不是格式 ${format} 的合计行（见 SPEC.md）`);
        const missing = parts.filter((p) => !block.rows?.some((r) => r.id === p));
        if (missing.length > 0) failMapping(file, where, `合计行 ${c.id} 的分项 ${missing.join(', ')} 不在本块的 rows 中`);
      }
      const compiled = compileBlock(table, block, format);
      blocks.push(compiled);
      for (const row of [...(compiled.rows ?? [null]), ...compiled.combinedRows]) {
        for (const column of compiled.columns) {
          const id = compiled.idOf(row?.id ?? null, column.id);
          if (!canonicalCell(format, id)) failMapping(file, where, `${id} 不是格式 ${format} 的规范编号（见 SPEC.md）`);
          if (labels.has(id)) failMapping(file, where, `${id} 被映射了两次`);
          labels.set(id, {
            table,
            tableTitle: m.tables[table].title,
            rowLabel: row?.label ?? column.group ?? '',
            columnLabel: column.label,
          });
        }
      }
    });
  }
  const labelSet = new Set<string>();
  for (const table of TABLES) {
    for (const block of m.tables[table].blocks) {
      const texts = [...block.anchor, ...block.columns.flatMap((c) => [c.label, ...c.aliases, ...(c.group ? [c.group] : [])]), ...[...(block.rows ?? []), ...block.combined_rows].flatMap((r) => [r.label, ...r.aliases])];
      for (const text of texts) labelSet.add(stripLabelNotes(normalizeLabel(text)));
    }
  }
  const unmapped = CANONICAL[format].filter((c) => !labels.has(c.id)).map((c) => c.id);
  if (unmapped.length > 0) failMapping(file, 'tables', `这些规范编号没有映射：${unmapped.join(', ')}`);
  return { format, version: m.version, name: m.name, file, tableTitles, blocks, labels, labelSet, source };
}
