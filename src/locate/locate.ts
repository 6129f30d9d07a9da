/**
 * locate: finds each block of a mapping in a grid by its labels and binds every canonical id to one cell.
 *
 * For a block with rows: its row labels are looked for anywhere in the workbook (the sheet with most of them wins);
 * the first of them marks the first data row; the nearest anchor cell above it (e.g. 信息内容, 申请人情况) marks where
 * the column header starts; each column right of the row labels is named by the header cells above it (through
 * merges, and through blanks to the right of a group label where merges were lost). For an unlabelled block
 * (table 四) the data row is the first row under the anchor that holds no header label.
 * Positions come from labels only, never from fixed addresses.
 */
import { cellAddress, cellText, viewSheet, type CellRef, type Grid, type RawCell, type SheetView } from '../read/grid';
import type { Provenance } from '../place';
import type { CompiledBlock, CompiledColumn, Mapping } from '../mapping/mapping';
import type { Format, TableId } from '../model/canonical';
import { locateAllowingCombinedRows } from './combined';
import { unplacedGridNumbers } from './unplaced';
import { isNumberText } from './value-text';
import { closestLabel, normalizeLabel, stripLabelNotes } from '../mapping/label';

/** A value's cell as found: where it is and the labels it was bound to (its provenance), and what it holds. */
export interface Binding extends Provenance {
  /** the cell as read (undefined: blank) */
  raw: RawCell | undefined;
}

/**
 * A Binding, field by field: ~200 are made per report, and an object spread of the place (`{ ...at, raw, … }`) made
 * each 30 times dearer (a third of a millisecond per report).
 */
export function binding(at: CellRef, raw: RawCell | undefined, rowLabel: string, columnLabel: string): Binding {
  return { sheet: at.sheet, cell: at.cell, rowLabel, columnLabel, raw };
}

/** Something of the layout that was not found; `ref` is where it was expected, when known. */
export interface MissingPart {
  table: TableId;
  block: string;
  kind: 'block' | 'row' | 'column';
  label: string;
  /** the row's id (kind row) */
  row?: string;
  ref?: CellRef;
}

/** A row of report text whose values could not be matched to its columns one to one (it is not read). */
export interface MisalignedRow {
  table: TableId;
  block: string;
  /** the row's id (null: the unlabelled row) and its label as printed */
  rowId: string | null;
  row: string;
  expected: number;
  found: number;
  ref: CellRef;
}

/** A header cell that lost the end of its label (本年新), read as the column its position in the block gives. */
export interface GuessedColumn {
  table: TableId;
  block: string;
  printed: string;
  column: string;
  ref: CellRef;
}

/**
 * A row or column label printed with a small typo (2.其他法律行政止公开, 先行有效件数), read as the form's label it is
 * unambiguously closest to.
 */
export interface FuzzyLabel {
  table: TableId;
  printed: string;
  label: string;
  ref: CellRef;
  /** a column's header (default: a row's label) */
  part?: 'column';
}

/** A subtotal row printed in place of its parts (（六）其他处理 as one row in a 2021 report): its parts are not read. */
export interface CombinedRow {
  table: TableId;
  label: string;
  parts: string[];
  ref: CellRef;
}

/** A number printed inside a table that no cell of the form took (it is not read: where it belongs is unknown). */
export interface UnplacedValue {
  table: TableId;
  text: string;
  ref: CellRef;
  /** the rows (or columns) whose cells one merged cell covers, when that is why it is not read */
  merged?: string[];
}

export interface Located {
  format: Format;
  bindings: Map<string, Binding>;
  missing: MissingPart[];
  misaligned: MisalignedRow[];
  guessed: GuessedColumn[];
  /** row labels printed with a small typo, bound to the one label they are closest to */
  fuzzy: FuzzyLabel[];
  /** subtotal rows read in place of their parts */
  combined: CombinedRow[];
  /** numbers inside the tables bound to no cell and named in no other issue (layout.value_unplaced) */
  unplaced: UnplacedValue[];
  /** the header cell of the first block of each table that was found (format.year_mismatch points at table 二's) */
  tableRefs: Partial<Record<TableId, CellRef>>;
}

interface TextCell {
  sheet: number;
  r: number;
  c: number;
  text: string;
  /** the text normalised for label matching, and that stripped of notes (computed once per grid) */
  key: string;
  bare: string;
}

/** A grid prepared once for locating with any mapping: sheet views and the list of text cells in reading order. */
export interface PreparedGrid {
  views: SheetView[];
  texts: TextCell[];
}

export function prepareGrid(grid: Grid): PreparedGrid {
  const views = grid.sheets.map(viewSheet);
  const texts: TextCell[] = [];
  grid.sheets.forEach((sheet, s) => {
    sheet.rows.forEach((row, r) => {
      row?.forEach((cell, c) => {
        const text = cellText(cell);
        if (!text.trim()) return;
        const key = normalizeLabel(text);
        texts.push({ sheet: s, r, c, text, key, bare: stripLabelNotes(key) });
      });
    });
  });
  return { views, texts };
}

function ref(view: SheetView, r: number, c: number): CellRef {
  return { sheet: view.sheet.name, cell: cellAddress(r, c) };
}

/** Header text of a column, top to bottom, through merges and (except on the last header row) blanks right of a label. */
function headerPath(view: SheetView, rows: number[], c: number, firstColumn: number): string[] {
  return rows.map((r, i) => {
    const own = cellText(view.at(r, c));
    if (own.trim() || view.mergeOf(r, c) || i === rows.length - 1) return own;
    for (let left = c - 1; left >= firstColumn; left--) {
      const text = cellText(view.at(r, left));
      if (text.trim()) return view.mergeOf(r, left) ? '' : text;
    }
    return '';
  });
}

/** Which of the block's columns a header path names; a grouped column needs its group label above its own label. */
function matchColumn(block: CompiledBlock, path: string[]): CompiledColumn[] {
  const found: CompiledColumn[] = [];
  const pieces = headerPieces(path);
  for (const { text, level } of pieces) {
    const combined = block.combined.find(text);
    if (combined) found.push(combined);
    for (const column of block.columnsByLabel.find(text) ?? []) {
      if (!column.group) found.push(column);
      else if (pieces.some((above) => above.end <= level && block.groups.find(above.text) === column.group)) found.push(column);
    }
  }
  return [...new Set(found)];
}

/** Header rows a label may be broken over by hand (社会公益 ¶ 组织, each piece on a sheet row of its own). */
const MAX_HEADER_PIECES = 3;

/**
 * A column's header texts, top to bottom, and each run of up to MAX_HEADER_PIECES consecutive ones joined: `level`
 * where the run starts, `end` after it. A label is found whole or in the pieces it was broken into.
 */
function headerPieces(path: readonly string[]): { text: string; level: number; end: number }[] {
  const pieces: { text: string; level: number; end: number }[] = [];
  for (let level = 0; level < path.length; level++) {
    let text = '';
    for (let end = level + 1; end <= Math.min(path.length, level + MAX_HEADER_PIECES); end++) {
      const piece = path[end - 1]!;
      if (end > level + 1 && !piece.trim()) break;
      text += piece;
      if (text.trim()) pieces.push({ text, level, end });
    }
  }
  return pieces;
}

function isHeaderText(block: CompiledBlock, text: string): boolean {
  return !!(block.columnsByLabel.find(text) || block.groups.find(text) || block.anchors.find(text) || block.combined.find(text));
}

interface BlockPlacement {
  view: SheetView;
  /** data rows by row id (null for the unlabelled row) with the label cell's text */
  rows: Map<string | null, { r: number; text: string }>;
  headerRows: number[];
  firstColumn: number;
  anchorRef?: CellRef;
  /** row labels read though printed with a small typo */
  fuzzy?: { rowId: string; cell: TextCell; label: string }[];
  /** the sheet column of each row's label cell (whose merge gives the row's height) */
  labelColumns?: Map<string | null, number>;
}

function placeLabelledBlock(prepared: PreparedGrid, block: CompiledBlock): BlockPlacement | undefined {
  const hitsBySheet = new Map<number, Map<string, TextCell>>();
  for (const t of prepared.texts) {
    const rowId = block.rowsByLabel.findKey(t.key, t.bare);
    if (!rowId) continue;
    const hits = hitsBySheet.get(t.sheet) ?? new Map<string, TextCell>();
    if (!hits.has(rowId)) hits.set(rowId, t);
    hitsBySheet.set(t.sheet, hits);
  }
  let best: [number, Map<string, TextCell>] | undefined;
  for (const entry of hitsBySheet) if (!best || entry[1].size > best[1].size) best = entry;
  if (!best) return undefined;
  const [sheetIndex, hits] = best;
  const view = prepared.views[sheetIndex]!;
  const cells = [...hits.values()];
  const firstDataRow = Math.min(...cells.map((t) => t.r));
  const firstColumn = Math.max(...cells.map((t) => view.mergeOf(t.r, t.c)?.e.c ?? t.c)) + 1;
  const fuzzy = fuzzyRows(prepared, block, sheetIndex, hits, firstColumn);
  for (const f of fuzzy) hits.set(f.rowId, f.cell);
  let anchor: TextCell | undefined;
  for (const t of prepared.texts) {
    if (t.sheet !== sheetIndex || t.r >= firstDataRow || t.c >= firstColumn + 16) continue;
    if (block.anchors.findKey(t.key, t.bare) && (!anchor || t.r >= anchor.r)) anchor = t;
  }
  const headerStart = anchor ? anchor.r : Math.max(0, firstDataRow - 3);
  const headerRows: number[] = [];
  for (let r = headerStart; r < firstDataRow; r++) headerRows.push(r);
  const rows = new Map<string | null, { r: number; text: string }>();
  const labelColumns = new Map<string | null, number>();
  for (const [rowId, t] of hits) {
    rows.set(rowId, { r: t.r, text: t.text });
    labelColumns.set(rowId, t.c);
  }
  return { view, rows, headerRows, firstColumn, anchorRef: anchor ? ref(view, anchor.r, anchor.c) : undefined, fuzzy, labelColumns };
}

/**
 * Row labels printed with a small typo (2.其他法律行政止公开): a text cell left of the values, on a row of the block's
 * span that holds no row label, bound to the one row not yet found it is unambiguously closest to (closestLabel).
 * Two cells closest to the same row bind neither.
 */
function fuzzyRows(prepared: PreparedGrid, block: CompiledBlock, sheet: number, hits: ReadonlyMap<string, TextCell>, firstColumn: number): { rowId: string; cell: TextCell; label: string }[] {
  const unseen = (block.rows ?? []).filter((r) => !hits.has(r.id)).map((r) => ({ label: r.label, target: r.id }));
  if (unseen.length === 0) return [];
  const hitRows = new Set([...hits.values()].map((t) => t.r));
  const first = Math.min(...hitRows);
  const last = Math.max(...hitRows) + unseen.length;
  const found = new Map<string, { rowId: string; cell: TextCell; label: string }[]>();
  for (const t of prepared.texts) {
    if (t.sheet !== sheet || t.r < first || t.r > last || t.c >= firstColumn || hitRows.has(t.r) || isHeaderText(block, t.text)) continue;
    const hit = closestLabel(t.text, unseen);
    if (hit) found.set(hit.target, [...(found.get(hit.target) ?? []), { rowId: hit.target, cell: t, label: hit.label }]);
  }
  return [...found.values()].flatMap((list) => (list.length === 1 ? list : []));
}

function placeUnlabelledBlock(prepared: PreparedGrid, block: CompiledBlock): BlockPlacement | undefined {
  for (const t of prepared.texts) {
    // a one-line header (行政复议结果维持 …) is its own anchor
    const oneLine = !!block.combined.findKey(t.key, t.bare);
    if (!oneLine && !block.anchors.findKey(t.key, t.bare)) continue;
    const view = prepared.views[t.sheet]!;
    let dataRow = -1;
    for (let r = t.r + 1; r < view.rowCount + 1 && dataRow < 0; r++) {
      let header = false;
      for (let c = t.c; c < view.columnCount && !header; c++) header = isHeaderText(block, cellText(view.at(r, c)));
      if (!header) dataRow = r;
    }
    const headerRows: number[] = [];
    for (let r = t.r; r < dataRow; r++) headerRows.push(r);
    if (headerRows.length < (oneLine ? 1 : 2)) continue; // an anchor word with no column header under it is not the table
    // an empty paragraph above the values (pasted from Word: a row of its own): the values are on the row under it
    for (let skipped = 0; skipped < 2 && rowIsBlank(view, dataRow, t.c) && rowHasNumbers(view, dataRow + 1, t.c); skipped++) dataRow++;
    return {
      view,
      rows: new Map([[null, { r: dataRow, text: '' }]]),
      headerRows,
      firstColumn: t.c,
      anchorRef: ref(view, t.r, t.c),
    };
  }
  return undefined;
}

function rowIsBlank(view: SheetView, r: number, from: number): boolean {
  for (let c = from; c < view.columnCount; c++) if (!isBlankCell(view.at(r, c))) return false;
  return true;
}

/** A row of values only: some number, and no text that is not a number. */
function rowHasNumbers(view: SheetView, r: number, from: number): boolean {
  let numbers = 0;
  for (let c = from; c < view.columnCount; c++) {
    const cell = view.at(r, c);
    if (isBlankCell(cell)) continue;
    if (typeof cell!.value === 'number' || (typeof cell!.value === 'string' && isNumberText(cell!.value.trim()))) numbers++;
    else return false;
  }
  return numbers > 0;
}

/**
 * The sheet columns a block's header may still name a column in, while some of its columns are not found: those not
 * taken, from the first right of the row labels to as many past the last taken as the block has columns.
 */
function headerColumnsLeft(block: CompiledBlock, placement: BlockPlacement, columnAt: ReadonlyMap<CompiledColumn, { c: number }>): number[] {
  const { view, headerRows, firstColumn } = placement;
  if (columnAt.size === block.columns.length || headerRows.length === 0) return [];
  const taken = new Set([...columnAt.values()].map((v) => v.c));
  const lastColumn = Math.max(...[...columnAt.values()].map((v) => v.c), firstColumn) + block.columns.length;
  const left: number[] = [];
  for (let c = firstColumn; c <= Math.min(lastColumn, view.columnCount - 1); c++) if (!taken.has(c)) left.push(c);
  return left;
}

/**
 * Header cells that name no column but are a small typo of one not found (先行有效件数 for 现行有效件数) are read as
 * that column: the one unambiguously closest (closestLabel; two about as close: neither), each said (layout.label_fuzzy).
 */
function fuzzyColumns(block: CompiledBlock, placement: BlockPlacement, columnAt: Map<CompiledColumn, { c: number; text: string }>, located: Located): void {
  const { view, headerRows, firstColumn } = placement;
  for (const c of headerColumnsLeft(block, placement, columnAt)) {
    const path = headerPath(view, headerRows, c, firstColumn);
    const level = path.map((t) => t.trim() !== '').lastIndexOf(true);
    if (level < 0) continue;
    const open = block.columns.filter((col) => !columnAt.has(col) && (!col.group || path.slice(0, level).some((above) => block.groups.find(above) === col.group)));
    const hit = closestLabel(path[level]!, open.map((col) => ({ label: col.label, target: col })));
    if (!hit) continue;
    columnAt.set(hit.target, { c, text: path[level]!.trim() });
    const origin = view.origin(headerRows[level]!, c);
    located.fuzzy.push({ table: block.table, printed: path[level]!.trim(), label: hit.label, ref: ref(view, origin.r, origin.c), part: 'column' });
  }
}

/**
 * Header cells that name no column but begin the labels of columns not found (a header that lost its second line:
 * 本年新 for 本年新制作数量 and 本年新公开数量) are read by position: left to right, the not-found columns in the
 * form's order. Each such guess is reported (layout.header_guessed) so a clerk checks it.
 */
function guessTruncatedColumns(block: CompiledBlock, placement: BlockPlacement, columnAt: Map<CompiledColumn, { c: number; text: string }>, located: Located): void {
  const { view, headerRows } = placement;
  for (const c of headerColumnsLeft(block, placement, columnAt)) {
    const r = [...headerRows].reverse().find((row) => cellText(view.at(row, c)).trim());
    if (r === undefined) continue;
    const printed = cellText(view.at(r, c));
    const key = normalizeLabel(printed);
    if (key.length < 2) continue;
    const column = block.columns.find((col) => !columnAt.has(col) && !col.group && normalizeLabel(col.label).startsWith(key) && normalizeLabel(col.label) !== key);
    if (!column) continue;
    columnAt.set(column, { c, text: printed });
    const origin = view.origin(r, c);
    located.guessed.push({ table: block.table, block: block.name, printed: printed.trim(), column: column.label, ref: ref(view, origin.r, origin.c) });
  }
}

function locateBlock(prepared: PreparedGrid, block: CompiledBlock, located: Located): void {
  const placement = block.rows ? placeLabelledBlock(prepared, block) : placeUnlabelledBlock(prepared, block);
  if (!placement) {
    // said where the block's name is printed, when it is (its rows were not recognised under it)
    const key = normalizeLabel(block.name);
    const named = prepared.texts.find((t) => t.key === key);
    const at = named ? ref(prepared.views[named.sheet]!, named.r, named.c) : undefined;
    located.missing.push({ table: block.table, block: block.name, kind: 'block', label: block.name, ...(at ? { ref: at } : {}) });
    return;
  }
  const { view, rows, headerRows, firstColumn } = placement;
  const at = placement.anchorRef ?? ref(view, headerRows[0] ?? 0, firstColumn);
  if (!located.tableRefs[block.table]) located.tableRefs[block.table] = at;
  for (const f of placement.fuzzy ?? []) located.fuzzy.push({ table: block.table, printed: f.cell.text.trim(), label: f.label, ref: ref(view, f.cell.r, f.cell.c) });

  const columnAt = new Map<CompiledColumn, { c: number; text: string }>();
  // (once every column is placed, the columns further right can place none: the first match of each stands)
  for (let c = firstColumn; c < view.columnCount && columnAt.size < block.columns.length; c++) {
    const path = headerPath(view, headerRows, c, firstColumn);
    for (const column of matchColumn(block, path)) {
      if (!columnAt.has(column)) {
        const leaf = [...path].reverse().find((text) => block.columnsByLabel.find(text)) ?? column.label;
        columnAt.set(column, { c, text: normalizeLabel(leaf) === normalizeLabel(column.label) ? column.label : leaf });
      }
    }
  }
  fuzzyColumns(block, placement, columnAt, located);
  guessTruncatedColumns(block, placement, columnAt, located);
  for (const column of block.columns) {
    if (!columnAt.has(column)) {
      located.missing.push({ table: block.table, block: block.name, kind: 'column', label: column.group ? `${column.group}/${column.label}` : column.label, ref: at });
    }
  }
  const cellsAt = new Map<string, { id: string; row: string; column: string }[]>();
  for (const row of block.rows ?? [null]) {
    const placed = rows.get(row?.id ?? null);
    if (!placed) {
      located.missing.push({ table: block.table, block: block.name, kind: 'row', label: row!.label, row: row!.id, ref: at });
      continue;
    }
    // the row's sheet rows: as many as its label's merge covers; 表四's unlabelled row, as many as its cells' merges
    const labelCell = placement.labelColumns?.get(row?.id ?? null);
    const lastRow = labelCell !== undefined
      ? (view.mergeOf(placed.r, labelCell)?.e.r ?? placed.r)
      : Math.max(placed.r, ...[...columnAt.values()].map(({ c }) => {
          const m = view.mergeOf(placed.r, c);
          return m?.s.r === placed.r ? m.e.r : placed.r;
        }));
    for (const [column, { c, text }] of columnAt) {
      const id = block.idOf(row?.id ?? null, column.id);
      const origin = rowCellOrigin(view, placed.r, lastRow, c, block.table, located);
      if (!origin) continue;
      located.bindings.set(id, binding(ref(view, origin.r, origin.c), view.at(origin.r, origin.c), placed.text || column.group || '', text));
      const key = `${origin.r}:${origin.c}`;
      cellsAt.set(key, [...(cellsAt.get(key) ?? []), { id, row: placed.text || column.group || '', column: text }]);
    }
  }
  unbindMergedValues(located, block, cellsAt);
}

/** A cell that holds nothing: no value (or only spaces), no formula, no error. */
function isBlankCell(cell: RawCell | undefined): boolean {
  if (!cell) return true;
  if (cell.formula !== undefined || cell.error !== undefined) return false;
  return cell.value === null || (typeof cell.value === 'string' && cell.value.trim() === '');
}

/**
 * The cell of a row's column: under a row label merged over several sheet rows (a Word cell of two paragraphs
 * pasted into Excel takes two rows) the row's area is all of them, and its value is the one cell there that holds
 * anything — a blank is 0 only when the whole area is blank. Two cells holding something: neither is read (each
 * named where it stands, layout.value_unplaced) and undefined is returned.
 */
function rowCellOrigin(view: SheetView, first: number, last: number, c: number, table: TableId, located: Located): { r: number; c: number } | undefined {
  const origins = new Map<string, { r: number; c: number }>();
  for (let r = first; r <= last; r++) {
    const o = view.origin(r, c);
    origins.set(`${o.r}:${o.c}`, o);
  }
  if (origins.size === 1) return view.origin(first, c);
  const filled = [...origins.values()].filter((o) => !isBlankCell(view.at(o.r, o.c)));
  if (filled.length <= 1) return filled[0] ?? view.origin(first, c);
  for (const o of filled) located.unplaced.push({ table, text: String(view.at(o.r, o.c)!.value ?? view.at(o.r, o.c)!.formula ?? '').trim(), ref: ref(view, o.r, o.c) });
  return undefined;
}

/**
 * A value cell merged over the cells of several rows or columns (（六）'s three sub-rows under one number) belongs to
 * none of them alone: read into each, its number would count two or three times. None of them is bound; the number
 * is named where it stands (layout.value_unplaced). A merged blank is a blank in each.
 */
function unbindMergedValues(located: Located, block: CompiledBlock, cellsAt: ReadonlyMap<string, { id: string; row: string; column: string }[]>): void {
  for (const cells of cellsAt.values()) {
    if (cells.length < 2) continue;
    const bound = located.bindings.get(cells[0]!.id)!;
    if (isBlankCell(bound.raw)) continue;
    const value = bound.raw!.value;
    for (const c of cells) located.bindings.delete(c.id);
    const rows = [...new Set(cells.map((c) => c.row))];
    const merged = rows.length > 1 ? rows : [...new Set(cells.map((c) => `${c.row}/${c.column}`))];
    located.unplaced.push({ table: block.table, text: String(value), ref: { sheet: bound.sheet, cell: bound.cell }, merged });
  }
}

export function emptyLocated(format: Format): Located {
  return { format, bindings: new Map(), missing: [], misaligned: [], guessed: [], fuzzy: [], combined: [], unplaced: [], tableRefs: {} };
}

export function locate(prepared: PreparedGrid, mapping: Mapping): Located {
  return locateAllowingCombinedRows(mapping, (blocks) => {
    const located = emptyLocated(mapping.format);
    for (const block of blocks) locateBlock(prepared, block, located);
    unplacedGridNumbers(prepared, mapping, located);
    return located;
  });
}

/** Labels only this mapping has (e.g. 本年制发件数 for 2021, 本年新制作数量 for 2019), computed once per mapping set. */
const distinctLabels = new WeakMap<Mapping, Set<string>>();

function distinctOf(mapping: Mapping, all: readonly Mapping[]): Set<string> {
  let set = distinctLabels.get(mapping);
  if (!set) {
    set = new Set([...mapping.labelSet].filter((l) => all.every((other) => other === mapping || !other.labelSet.has(l))));
    distinctLabels.set(mapping, set);
  }
  return set;
}

/**
 * The mappings worth trying: when the grid holds labels only one format has, and none only another has, just that
 * one (locating is the costly part of reading); otherwise all of them.
 */
function candidates(prepared: PreparedGrid, mappings: readonly Mapping[]): readonly Mapping[] {
  const hits = mappings.map((m) => {
    const distinct = distinctOf(m, mappings);
    return prepared.texts.some((t) => distinct.has(t.bare));
  });
  return hits.filter(Boolean).length === 1 ? [mappings[hits.indexOf(true)]!] : mappings;
}

/**
 * Locates with the candidate mappings and keeps the one that binds the most ids (format detection from the layout
 * itself). Returns undefined when no mapping binds anything: the file holds none of the tables.
 */
export function locateBestFormat(prepared: PreparedGrid, mappings: readonly Mapping[]): Located | undefined {
  const tried = candidates(prepared, mappings);
  const best = pickBest(prepared, tried);
  return best || tried.length === mappings.length ? best : pickBest(prepared, mappings);
}

function pickBest(prepared: PreparedGrid, mappings: readonly Mapping[]): Located | undefined {
  let best: Located | undefined;
  for (const mapping of mappings) {
    const located = locate(prepared, mapping);
    const score = located.bindings.size - located.missing.length;
    if (located.bindings.size > 0 && (!best || score > best.bindings.size - best.missing.length)) best = located;
  }
  return best;
}
