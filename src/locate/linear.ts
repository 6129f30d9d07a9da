/**
 * locate for report text: binds canonical ids to the cells of a text read in order (read/text.ts), by the labels
 * around them. A row label (规章, （一）予以公开, …) is followed by its row's values; the values are the row's columns
 * in the order of the header printed above them when that header is one line of the block's own column labels,
 * otherwise in the form's order. A row with more or fewer values than its block has columns is not read at all
 * (`misaligned`): a blank cell lost in copying must never shift later values into the wrong ids.
 */
import type { CompiledBlock, CompiledColumn, Mapping } from '../mapping/mapping';
import type { TableId } from '../model/canonical';
import { lineRef, type LinearCell } from '../read/grid';
import { bandOf, columnBands, printedLabel, type Band } from './bands';
import { closestLabel, normalizeLabel, openParentheses } from '../mapping/label';
import { locateAllowingCombinedRows } from './combined';
import { binding, emptyLocated, type Located } from './locate';
import { isNumberText, isValueText } from './value-text';

/**
 * The block's columns in the order the header names them, when the header is one line of its leaf labels (no group
 * label among them, each column once); otherwise the form's order (two-level headers such as 表三's 法人或其他组织
 * are printed group first, so their print order is not the column order).
 */
function columnOrder(block: CompiledBlock, header: readonly LinearCell[]): { column: CompiledColumn; printed: string }[] {
  const official = block.columns.map((column) => ({ column, printed: column.label }));
  if (block.columns.some((c) => c.group)) return official;
  const named = header.map((h) => ({ column: block.columnsByLabel.find(h.text)?.[0], printed: h.text }));
  const first = named.findIndex((n) => n.column);
  const last = named.length - 1 - [...named].reverse().findIndex((n) => n.column);
  if (first < 0) return official;
  const order = named.slice(first, last + 1);
  if (order.some((n) => !n.column) || new Set(order.map((n) => n.column)).size !== block.columns.length || order.length !== block.columns.length) return official;
  return order as { column: CompiledColumn; printed: string }[];
}

const lineOf = (cell: LinearCell) => lineRef(cell.line, cell.page);

/** How far (PDF units) two rules may differ and be one: a border is drawn with a width. */
const RULE_TOLERANCE = 1.5;

/**
 * Whether one cell's ruled cell lies within another's, on one page (undefined where the ruling cannot tell: none drawn,
 * another page). A number is in a label's row when its cell lies within the label's, whatever line of a tall cell it
 * is printed on; a value cell reaching past the label's (merged over several rows) is no one row's.
 */
function ruledWithin(inner: LinearCell, outer: LinearCell): boolean | undefined {
  if (!inner.band || !outer.band || (inner.page ?? 1) !== (outer.page ?? 1)) return undefined;
  return inner.band.top <= outer.band.top + RULE_TOLERANCE && inner.band.bottom >= outer.band.bottom - RULE_TOLERANCE;
}

/** Whether two cells of one page are in the same ruled cell (undefined: the ruling cannot tell). */
function sameRuledCell(a: LinearCell, b: LinearCell): boolean | undefined {
  const inside = ruledWithin(a, b);
  return inside === undefined ? undefined : inside && ruledWithin(b, a)!;
}

/** A number the rules put outside the row whose label it follows (or before any row): placed at the end. */
interface Stray {
  cell: LinearCell;
  table: TableId;
  /**
   * The row it followed, when nothing but lines or text nearby says it is not that row's: it stands between that row
   * and the next, so if no row's ruled cell takes it, neither of the two reads its cell in that column as blank.
   */
  followed?: { block: CompiledBlock; rowId: string | null; bands: readonly Band[] };
}

/**
 * What the ruling tells while rows are bound: the strays found so far, and whether a number on another page than
 * its row's label stands in a ruled row that prints another label (text left of it, in its row's cell, not one of
 * `own`, the parts of the row's own label): then it is that other row's, even if that label was not recognised.
 */
interface Ruling {
  strays: Stray[];
  foreignRow(value: LinearCell, own: ReadonlySet<LinearCell>): boolean;
  /**
   * Whether, between a row's label and a number read after it, another row's label is printed left of the number
   * (one the reader did not recognise: a typo in a label wrapped over lines), or any text stands on the number's
   * line between the label's column and the number (the label is a group's printed down the side, the text the
   * label of a row of the group): the number is then that other row's.
   */
  foreignLabelBefore(label: LinearCell, value: LinearCell, own: ReadonlySet<LinearCell>, block: CompiledBlock, rowId: string | null): boolean;
}

/** The 3-character pieces of a label (normalised), by which a piece of a wrapped, mistyped label is told. */
function trigrams(text: string): Set<string> {
  const n = normalizeLabel(text);
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= n.length; i++) grams.add(n.slice(i, i + 3));
  return grams;
}

/** Text that reads as part of another row's label of the block than `rowId`'s (and not of its own). */
function otherRowsLabel(text: string, block: CompiledBlock, rowId: string | null): boolean {
  const grams = trigrams(text);
  if (grams.size === 0 || !block.rows) return false;
  const shares = (label: string) => [...trigrams(label)].some((g) => grams.has(g));
  const own = block.rows.find((r) => r.id === rowId);
  if (own && shares(own.label)) return false;
  return block.rows.some((r) => r.id !== rowId && shares(r.label)) || block.partLabels.some(shares);
}

function rulingOf(cells: readonly LinearCell[], isValue: readonly boolean[]): Ruling {
  const indexOf = new Map(cells.map((c, n) => [c, n] as const));
  const texts = new Map<number, LinearCell[]>();
  cells.forEach((c, n) => {
    if (isValue[n] || !c.band) return;
    const page = c.page ?? 1;
    const onPage = texts.get(page);
    if (onPage) onPage.push(c);
    else texts.set(page, [c]);
  });
  return {
    strays: [],
    foreignRow(value, own) {
      if (!value.band || value.x === undefined) return false;
      return (texts.get(value.page ?? 1) ?? []).some((t) => !own.has(t) && (t.right ?? Infinity) <= value.x! && ruledWithin(t, value) === true);
    },
    foreignLabelBefore(label, value, own, block, rowId) {
      // from where the label starts: text between its parts (a group label printed down the side of other rows) counts
      const from = Math.min(...[...own, label].map((c) => indexOf.get(c) ?? Infinity));
      const to = indexOf.get(value);
      if (from === Infinity || to === undefined) return false;
      const labelRight = Math.max(...[...own].map((c) => c.right ?? -Infinity));
      for (let k = from + 1; k < to; k++) {
        const t = cells[k]!;
        if (isValue[k] || own.has(t)) continue;
        const between = t.line === value.line && t.page === value.page && t.x !== undefined && value.x !== undefined && t.x >= labelRight && (t.right ?? t.x) <= value.x;
        if (between) return true;
        if (value.x !== undefined && t.right !== undefined && t.right > value.x) continue;
        if (otherRowsLabel(t.text, block, rowId)) return true;
      }
      return false;
    },
  };
}

/**
 * Whether a number is in a label's row: by the ruling on one page, or not when another row's label stands by it
 * (foreignRow across pages, foreignLabelBefore); undefined where nothing tells.
 */
function rowOf(label: LinearCell | undefined, value: LinearCell, ruling: Ruling, own: ReadonlySet<LinearCell>, block: CompiledBlock, rowId: string | null): boolean | undefined {
  if (!label) return undefined;
  const same = ruledWithin(value, label);
  if (same !== undefined) return same;
  if ((label.page ?? 1) !== (value.page ?? 1) && ruling.foreignRow(value, own)) return false;
  return ruling.foreignLabelBefore(label, value, own, block, rowId) ? false : undefined;
}

/** A row bound by position, kept so a stray number can be placed in the one row whose ruled cell holds it (or its neighbours told their cell is not blank). */
interface RuledRow {
  block: CompiledBlock;
  rowId: string | null;
  label: LinearCell;
  bands: readonly Band[];
  /** where its label starts in the cells (reading order) */
  at: number;
}

/**
 * Strays placed by the ruling: a number inside exactly one bound row's ruled cell, in one of its column bands whose
 * cell was read as blank, is that cell's value (a value printed above its label in a tall cell). A band that already
 * holds a number: two numbers in one cell, neither is read. Anything else is named where it stands.
 */
function placeStrays(located: Located, strays: readonly Stray[], boundRows: readonly RuledRow[], indexOf: ReadonlyMap<LinearCell, number>): void {
  const rows = boundRows.filter((r) => r.label.band);
  for (const { cell, table, followed } of strays) {
    const homes = rows.filter((r) => ruledWithin(cell, r.label) === true);
    const home = homes.length === 1 ? homes[0]! : undefined;
    const band = home ? bandOf(home.bands, cell) : undefined;
    const id = home && band ? home.block.idOf(home.rowId, band.column.id) : undefined;
    const bound = id ? located.bindings.get(id) : undefined;
    if (id && bound && bound.raw === undefined) {
      located.bindings.set(id, binding(lineOf(cell), { value: cell.text }, home!.label.text, printedLabel(band!)));
      continue;
    }
    if (id && bound?.raw) {
      located.bindings.delete(id);
      located.unplaced.push({ table, text: String(bound.raw.value), ref: { sheet: bound.sheet, cell: bound.cell } });
    }
    // a value cell merged over several rows' cells: none of them is blank, none is read
    const covered = home ? [] : rows.filter((r) => ruledWithin(r.label, cell) === true);
    const merged: string[] = [];
    for (const r of [...covered, ...continuedOnNextPage(cell, covered, rows, located)]) {
      const b = bandOf(r.bands, cell);
      if (!b) continue;
      located.bindings.delete(r.block.idOf(r.rowId, b.column.id));
      merged.push(r.label.text);
    }
    const maybe = home || covered.length > 0 ? [] : followed ? [followed, ...nextRow(followed, boundRows)] : cell.band ? [...splitFromPageBefore(cell, rows), ...splitToPageAfter(cell, rows)] : rowsAround(indexOf.get(cell)!, boundRows);
    for (const r of maybe) {
      const b = bandOf(r.bands, cell);
      const id = b ? r.block.idOf(r.rowId, b.column.id) : undefined;
      if (id && located.bindings.get(id)?.raw === undefined) located.bindings.delete(id);
    }
    located.unplaced.push({ table, text: cell.text, ref: lineOf(cell), ...(merged.length > 1 ? { merged } : {}) });
  }
}

/**
 * A number in no bound row, above every bound row of its page: it may be the rest of the last row of the page
 * before, split by the page (Word lets a row break), so that row's cell is not read as blank.
 */
function splitFromPageBefore(cell: LinearCell, rows: readonly RuledRow[]): RuledRow[] {
  if (!cell.band) return [];
  const page = cell.page ?? 1;
  if (rows.some((r) => (r.label.page ?? 1) === page && r.label.band!.top >= cell.band!.top - RULE_TOLERANCE)) return [];
  const before = rows.filter((r) => (r.label.page ?? 1) === page - 1);
  return before.length ? [before.reduce((low, r) => (r.label.band!.bottom < low.label.band!.bottom ? r : low))] : [];
}

/** …or below every bound row of its page: the first part of the first row of the next page. */
function splitToPageAfter(cell: LinearCell, rows: readonly RuledRow[]): RuledRow[] {
  if (!cell.band) return [];
  const page = cell.page ?? 1;
  if (rows.some((r) => (r.label.page ?? 1) === page && r.label.band!.bottom <= cell.band!.bottom + RULE_TOLERANCE)) return [];
  const after = rows.filter((r) => (r.label.page ?? 1) === page + 1);
  return after.length ? [after.reduce((high, r) => (r.label.band!.top > high.label.band!.top ? r : high))] : [];
}

/**
 * Where nothing is ruled, a number no row took (printed above its label in a tall cell, or under it) may be the row's
 * read before it or after it: neither reads its cell in that column as blank.
 */
function rowsAround(at: number, bound: readonly RuledRow[]): RuledRow[] {
  const after = bound.findIndex((r) => r.at > at);
  const before = after < 0 ? bound.length - 1 : after - 1;
  return [...(before >= 0 ? [bound[before]!] : []), ...(after >= 0 ? [bound[after]!] : [])];
}

/** The row bound after a given one (in reading order), if any. */
function nextRow(row: { block: CompiledBlock; rowId: string | null }, bound: readonly RuledRow[]): RuledRow[] {
  const at = bound.findIndex((r) => r.block === row.block && r.rowId === row.rowId);
  return at >= 0 && at + 1 < bound.length ? [bound[at + 1]!] : [];
}

/**
 * A merged value cell reaching the foot of its page's part of the table may go on at the top of the next page (Word
 * splits it, the number in the first part): the rows there whose cell in its column is blank, up to the first that
 * holds a number, may be covered by it too.
 */
function continuedOnNextPage(cell: LinearCell, covered: readonly RuledRow[], rows: readonly RuledRow[], located: Located): RuledRow[] {
  if (covered.length === 0) return [];
  const page = cell.page ?? 1;
  const block = covered[0]!.block;
  const lowest = Math.min(...rows.filter((r) => (r.label.page ?? 1) === page && r.block === block).map((r) => r.label.band!.bottom));
  if (Math.abs(cell.band!.bottom - lowest) > RULE_TOLERANCE) return [];
  const next = rows.filter((r) => (r.label.page ?? 1) === page + 1 && r.block === block).sort((a, b) => b.label.band!.top - a.label.band!.top);
  const out: RuledRow[] = [];
  for (const r of next) {
    const b = bandOf(r.bands, cell);
    if (!b || located.bindings.get(r.block.idOf(r.rowId, b.column.id))?.raw !== undefined) break;
    out.push(r);
  }
  return out;
}

/**
 * Binds a row by position (a PDF): each number to the band its centre falls in; a band without a number is a blank
 * cell. A number in no band, or two in one band, refuses the whole row.
 *
 * `lines`: the lines the row's label is printed on. When some of the row's numbers are on them, a number on a later
 * line (before the next row's label) may as well be the next row's, printed above its label in a tall cell: which
 * row it is cannot be told from the order of lines, so it is not bound to this one but named where it stands
 * (layout.value_unplaced), and neither row's cell in its column is read as blank. A row none of whose numbers is on
 * its label's lines (its label printed above them, or its values pushed onto the next page) takes them all — where
 * the page is ruled, only those in its ruled cell; where it is not and the next row's label follows them (`beforeRow`),
 * they stand between two rows' labels on neither's lines, as a top-aligned value of the next row stands: whose they
 * are cannot be told, and they are named where they stand, neither row's cell in their columns read as blank.
 */
function bindByBands(located: Located, block: CompiledBlock, rowId: string | null, label: LinearCell | undefined, values: LinearCell[], bands: readonly Band[], at: ReturnType<typeof lineOf>, ruling: Ruling, around: RowSurroundings): void {
  const { strays } = ruling;
  const { lines, own, beforeRow } = around;
  const placed = new Map<Band, LinearCell>();
  let numbers = values.filter((v) => v.text !== '');
  // where the page's ruling says which row's cell a number is in, that decides; a number in another row's cell is
  // a stray, placed by the rules later (placeStrays)
  const verdicts = new Map(numbers.map((n) => [n, around.besideRows ? false : rowOf(label, n, ruling, own, block, rowId)] as const));
  const ruled = (v: LinearCell) => verdicts.get(v);
  const crossPage = (v: LinearCell) => label !== undefined && ruledWithin(v, label) === undefined;
  for (const v of numbers.filter((n) => ruled(n) === false)) strays.push({ cell: v, table: block.table, ...(crossPage(v) ? { followed: { block, rowId, bands } } : {}) });
  numbers = numbers.filter((n) => ruled(n) !== false);
  const onLabel = (v: LinearCell) => ruled(v) === true || lines!.has(`${v.page ?? 1}:${v.line}`);
  // (a number whose ruled cell is known and holds no other row's label is this row's, whatever line it is on)
  const unsure = (v: LinearCell) => !onLabel(v) && (numbers.some(onLabel) || (beforeRow && betweenLabels(label, v, around) && ruled(v) === undefined));
  if (lines && numbers.some(unsure)) {
    for (const v of numbers.filter(unsure)) strays.push({ cell: v, table: block.table, followed: { block, rowId, bands } });
    numbers = numbers.filter((n) => !unsure(n));
  }
  for (const value of numbers) {
    const band = bandOf(bands, value);
    if (!band || placed.has(band)) {
      located.misaligned.push({ table: block.table, block: block.name, rowId, row: label?.text ?? block.name, expected: bands.length, found: numbers.length, ref: at });
      return;
    }
    placed.set(band, value);
  }
  for (const band of bands) {
    const cell = placed.get(band);
    located.bindings.set(block.idOf(rowId, band.column.id), binding(cell ? lineOf(cell) : at, cell ? { value: cell.text } : undefined, label?.text ?? band.column.group ?? '', printedLabel(band)));
  }
}

/** Where a row bound by its label stands among the rows around it (reading order). */
interface RowSurroundings {
  /** the lines its label is printed on (page:line); undefined for 表四's unlabelled row */
  lines?: ReadonlySet<string>;
  /** the cells of its label (its parts) */
  own: ReadonlySet<LinearCell>;
  /** its numbers run up to another row's label (recognised, or text standing where labels stand) */
  beforeRow: boolean;
  /** numbers printed after the row before it, on neither's lines, were left unbound: they may be this row's */
  afterStrays: boolean;
  /**
   * other text stands on its label's lines between the label and its numbers: the "label" is a group's printed down
   * the side of its rows (（六）其他处理 beside 1. 2. 3.), the numbers are those rows', none of them is this row's
   */
  besideRows?: boolean;
}

const UNLABELLED: RowSurroundings = { own: new Set(), beforeRow: false, afterStrays: false };

/**
 * A number where the page draws no rules, between a row's label and the next row's (on neither's lines): on the
 * label's page it may be either row's. On the next page (the row broken by the page, its label at the foot and its
 * numbers at the top of the next) it is the broken row's — unless numbers above that label went unbound (its own,
 * printed above it, then: those at the next page's top are the next row's).
 */
function betweenLabels(label: LinearCell | undefined, value: LinearCell, around: RowSurroundings): boolean {
  return !value.band && label !== undefined && ((label.page ?? 1) === (value.page ?? 1) || around.afterStrays);
}

function bindRow(located: Located, block: CompiledBlock, rowId: string | null, label: LinearCell | undefined, values: LinearCell[], header: readonly LinearCell[], bands: readonly Band[] | undefined, ruling: Ruling, around: RowSurroundings): void {
  const at = lineOf(label ?? values[0] ?? header[0] ?? { text: '', line: 1 });
  if (!located.tableRefs[block.table]) located.tableRefs[block.table] = header[0] ? lineOf(header[0]) : at;
  if (bands) return bindByBands(located, block, rowId, label, values, bands, at, ruling, around);
  const { lines, own, beforeRow } = around;
  // without column bands the values go by order — but a number the ruling puts in another row's cell is not this row's,
  // nor, on a page without ruling, one printed between this row's label and the next's on neither's lines
  const offLines = (n: LinearCell) => beforeRow && n.x !== undefined && betweenLabels(label, n, around) && lines !== undefined && !lines.has(`${n.page ?? 1}:${n.line}`);
  const refused = new Set(values.filter((n) => n.text !== '' && (around.besideRows || rowOf(label, n, ruling, own, block, rowId) === false || (offLines(n) && rowOf(label, n, ruling, own, block, rowId) === undefined))));
  for (const v of refused) ruling.strays.push({ cell: v, table: block.table });
  values = values.filter((n) => !refused.has(n));
  const columns = columnOrder(block, header);
  // a blank cell after the last column (an empty 备注) is not a value; nor, for the unlabelled row, a blank before it
  const run = [...values];
  // blanks both before and after the unlabelled row's numbers, some of which must be its cells (the numbers alone
  // are fewer than its columns): which of them cannot be told
  const firstNumber = run.findIndex((v) => v.text !== '');
  const lastNumber = run.length - 1 - [...run].reverse().findIndex((v) => v.text !== '');
  const ambiguous = !rowId && firstNumber > 0 && lastNumber < run.length - 1 && lastNumber - firstNumber + 1 < columns.length;
  if (!ambiguous) {
    while (run.length > columns.length && run[run.length - 1]!.text === '') run.pop();
    if (!rowId) while (run.length > columns.length && run[0]!.text === '') run.shift();
  }
  if (run.length !== columns.length) {
    located.misaligned.push({ table: block.table, block: block.name, rowId, row: label?.text ?? block.name, expected: columns.length, found: run.length, ref: at });
    return;
  }
  columns.forEach(({ column, printed }, n) => {
    const cell = run[n]!;
    located.bindings.set(block.idOf(rowId, column.id), binding(lineOf(cell), cell.text === '' ? undefined : { value: cell.text }, label?.text ?? column.group ?? '', printed));
  });
}

/**
 * Whether, after the first of a row's numbers and before `end`, text stands left of all of them (where a row's label
 * stands): an unrecognised label of another row, printed after numbers that may be its own.
 */
function labelAfterNumbers(cells: readonly LinearCell[], isValue: readonly boolean[], values: readonly LinearCell[], indexOf: ReadonlyMap<LinearCell, number>, end: number, own: ReadonlySet<number>): boolean {
  const numbers = values.filter((v) => v.text !== '' && v.x !== undefined);
  if (numbers.length === 0) return false;
  const left = Math.min(...numbers.map((v) => v.x!));
  for (let k = indexOf.get(numbers[0]!)! + 1; k < end; k++) {
    const t = cells[k]!;
    if (!isValue[k] && !own.has(k) && t.x !== undefined && (t.right ?? t.x) <= left) return true;
  }
  return false;
}

/**
 * Whether text other than the label's parts stands on the label's lines between the label's column and the first of
 * its numbers (positions known): see RowSurroundings.besideRows.
 */
function textBesideLabel(cells: readonly LinearCell[], isValue: readonly boolean[], parts: readonly number[], lines: ReadonlySet<string>, values: readonly LinearCell[]): boolean {
  const numbers = values.filter((v) => v.text !== '' && v.x !== undefined);
  const own = new Set(parts);
  const labelRight = Math.max(...parts.map((k) => cells[k]!.right ?? Infinity));
  if (numbers.length === 0 || labelRight === Infinity) return false;
  const left = Math.min(...numbers.map((v) => v.x!));
  for (let k = Math.min(...parts); k < cells.length && lines.has(`${cells[k]!.page ?? 1}:${cells[k]!.line}`); k++) {
    const t = cells[k]!;
    if (!isValue[k] && !own.has(k) && t.x !== undefined && t.x >= labelRight && (t.right ?? t.x) <= left) return true;
  }
  return false;
}

/** The lines a row's label is printed on (page:line): from its first part's line to its last's, values centred between. */
function labelLines(cells: readonly LinearCell[], parts: readonly number[]): Set<string> {
  const placed = parts.map((k) => cells[k]!);
  const pages = new Set(placed.map((c) => c.page ?? 1));
  if (pages.size > 1) return new Set(placed.map((c) => `${c.page ?? 1}:${c.line}`));
  const page = [...pages][0]!;
  const numbers = placed.map((c) => c.line);
  const lines = new Set<string>();
  for (let l = Math.min(...numbers); l <= Math.max(...numbers); l++) lines.add(`${page}:${l}`);
  return lines;
}

/** A row label found at a cell: its block and row, the cells it was read from (a label may be broken over lines). */
interface RowStart {
  block: CompiledBlock;
  rowId: string;
  key: string;
  /** indexes of the cells the label was joined from, the first being where it starts */
  parts: number[];
  text: string;
  /** the form's label, when the printed one is a small typo of it */
  fuzzy?: string;
}

/** Text cells joined to find a label broken over lines (「（二）部分公开（区分处理的，只计这一情」「形，不计其他情形）」). */
const MAX_LABEL_PARTS = 4;
/** …and while a note in parentheses is open (湖北's 「其他对外管理服务事项(指行政许可以外的…)」 wraps over 7 lines) */
const MAX_NOTE_PARTS = 10;


/** A header cell centred in a tall cell is printed up to this many lines above the anchor (信息内容). */
const HEADER_LINES_ABOVE_ANCHOR = 6;

export function locateLinear(cells: readonly LinearCell[], mapping: Mapping): Located {
  return locateAllowingCombinedRows(mapping, (blocks) => locateLinearWith(cells, mapping, blocks));
}

/**
 * The labels of a text for the blocks of one mapping, read cell by cell: whether a cell is an anchor (where a block's
 * header begins) or begins a row label (joined over lines when it is broken), and which value cells follow it. It
 * keeps the rows already read (a label printed twice binds the next row of that name) and the block being read (a
 * typo is forgiven only inside a table, among its rows not yet read).
 */
interface LabelReader {
  /** whether each cell holds a value (a blank or a number) rather than a label */
  isValue: readonly boolean[];
  /** the block whose anchor the cell is, or null */
  anchorOf(i: number): CompiledBlock | null;
  /** the row label that begins at the cell, if any */
  rowAt(i: number): RowStart | undefined;
  /** the value cells after `from` up to the next row label or anchor (notes, running heads and label parts skipped) */
  valuesAfter(from: number, skip: ReadonlySet<number>): { values: LinearCell[]; end: number };
  /** a block's header was printed: its rows are the ones a typo may stand for now */
  enter(block: CompiledBlock): void;
  /** a row of the block was read (null: the unlabelled row) */
  markRead(block: CompiledBlock, rowId: string | null): void;
  wasRead(block: CompiledBlock, rowId: string | null): boolean;
}

function labelReader(cells: readonly LinearCell[], mapping: Mapping, blocks: readonly CompiledBlock[]): LabelReader {
  const rowsSeen = new Set<string>();
  const keyOf = (b: number, rowId: string | null) => `${b}:${rowId ?? ''}`;
  const isValue = cells.map((c) => isValueText(c.text));
  const anchorAt = new Map<number, CompiledBlock | null>();
  const anchorOf = (i: number): CompiledBlock | null => {
    if (!anchorAt.has(i)) {
      const text = cells[i]!.text;
      // the unlabelled 表四 is also found by its title: under a flattened header its labels wrap beyond recognition
      const titled = (b: CompiledBlock) => !b.rows && normalizeLabel(text) === normalizeLabel(mapping.tableTitles[b.table]);
      anchorAt.set(i, isValue[i] ? null : (blocks.find((b) => b.anchors.find(text) || b.combined.find(text) || titled(b)) ?? null));
    }
    return anchorAt.get(i)!;
  };
  const hitsOf = (text: string) =>
    blocks.flatMap((block, b) => {
      const rowId = block.rows ? block.rowsByLabel.find(text) : undefined;
      return rowId ? [{ block, rowId, key: keyOf(b, rowId) }] : [];
    });
  /** the block whose header was printed last */
  let currentBlock: CompiledBlock | undefined;
  const fuzzyAt = (i: number): RowStart | undefined => {
    const block = currentBlock;
    if (!block?.rows) return undefined;
    const b = blocks.indexOf(block);
    const hit = closestLabel(cells[i]!.text, block.rows.filter((r) => !rowsSeen.has(keyOf(b, r.id))).map((r) => ({ label: r.label, target: r.id })));
    return hit ? { block, rowId: hit.target, key: keyOf(b, hit.target), parts: [i], text: cells[i]!.text, fuzzy: hit.label } : undefined;
  };
  const rowAt = (i: number): RowStart | undefined => {
    if (isValue[i] || anchorOf(i)) return undefined;
    const parts = [i];
    const first = cells[i]!;
    let text = first.text;
    /** whether cell k may continue the label: right after its last part on that line, or below it in its column */
    const sameCell = (k: number): boolean => {
      const last = parts[parts.length - 1]!;
      const cell = cells[k]!;
      if (cell.line === cells[last]!.line && cell.page === cells[last]!.page) return k === last + 1;
      // where the page is ruled, a label's parts are in one ruled cell
      if (sameRuledCell(first, cell) === false) return false;
      if (first.x === undefined || cell.x === undefined) return true;
      if (first.right !== undefined && cell.right !== undefined) return Math.min(first.right, cell.right) > Math.max(first.x, cell.x);
      return Math.abs(cell.x - first.x) <= 3;
    };
    for (let k = i + 1; ; k++) {
      const hits = hitsOf(text);
      if (hits.length) {
        const hit = hits.find((h) => !rowsSeen.has(h.key)) ?? hits[0]!;
        return { ...hit, parts, text };
      }
      // join the next text cell of the same table cell (values between the parts of a broken label are the row's,
      // and other columns' text — a group label printed down the side — is not part of it)
      while (k < cells.length && (isValue[k] || !sameCell(k)) && k - i < 60) k++;
      const inNote = openParentheses(text) > 0 && parts.length < MAX_NOTE_PARTS;
      // (a long label wrapped in a narrow ruled cell has as many lines as it needs)
      const ruledOn = k < cells.length && sameRuledCell(first, cells[k]!) === true && parts.length < MAX_NOTE_PARTS;
      if (k >= cells.length || k - i >= 60 || (parts.length >= MAX_LABEL_PARTS && !inNote && !ruledOn) || anchorOf(k) || hitsOf(cells[k]!.text).length) return fuzzyAt(i);
      parts.push(k);
      text += cells[k]!.text;
    }
  };
  return {
    isValue,
    anchorOf,
    rowAt,
    valuesAfter(from, skip) {
      const values: LinearCell[] = [];
      let k = from;
      for (; k < cells.length; k++) {
        if (skip.has(k)) continue;
        if (isValue[k]) values.push(cells[k]!);
        else if (anchorOf(k) || rowAt(k)) break;
      }
      return { values, end: k };
    },
    enter(block) {
      currentBlock = block;
    },
    markRead(block, rowId) {
      rowsSeen.add(keyOf(blocks.indexOf(block), rowId));
      currentBlock = block;
    },
    wasRead: (block, rowId) => rowsSeen.has(keyOf(blocks.indexOf(block), rowId)),
  };
}

/**
 * Position (PDF): the bands of each block, computed at its first row from the header printed since the previous row
 * ended (at most a few lines above the anchor: a header cell is centred in its height); forgotten when the block's
 * anchor is printed again (a header repeated on the next page). Without positions (a page's text, Word) there are none.
 */
function headerBands(cells: readonly LinearCell[], isValue: readonly boolean[]) {
  const positioned = cells.some((c) => c.right !== undefined);
  const bandsOf = new Map<CompiledBlock, Band[] | undefined>();
  let zoneStart = 0;
  let anchorCell: LinearCell | undefined;
  const headerZone = (to: number): LinearCell[] =>
    cells.slice(zoneStart, to).filter((c, n) => !isValue[zoneStart + n] && (!anchorCell || c.page !== anchorCell.page || c.line >= anchorCell.line - HEADER_LINES_ABOVE_ANCHOR));
  return {
    /** the block's anchor is printed at `cell` */
    anchor(block: CompiledBlock, cell: LinearCell): void {
      anchorCell = cell;
      bandsOf.delete(block);
    },
    /** the next header begins at cell `index` (after what a row used) */
    zoneFrom(index: number): void {
      zoneStart = index;
    },
    /** the block's bands, from the header printed before cell `to` when first asked */
    bandsFor(block: CompiledBlock, to: number): Band[] | undefined {
      if (!positioned) return undefined;
      if (!bandsOf.has(block)) bandsOf.set(block, columnBands(block, headerZone(to)));
      return bandsOf.get(block);
    },
  };
}

/** A block's column headers read though printed with a typo (the caller says each set of bands once). */
function reportFuzzyBands(located: Located, block: CompiledBlock, bands: readonly Band[]): void {
  for (const band of bands) {
    if (band.fuzzy) located.fuzzy.push({ table: block.table, printed: band.printed, label: band.column.label, ref: lineRef(band.fuzzy.line, band.fuzzy.page), part: 'column' });
  }
}

/** The blocks none of whose rows was read, and the rows not read of the others. */
function missingParts(located: Located, blocks: readonly CompiledBlock[], labels: LabelReader): void {
  for (const block of blocks) {
    const rows = block.rows ?? [null];
    if (!rows.some((r) => labels.wasRead(block, r?.id ?? null))) {
      located.missing.push({ table: block.table, block: block.name, kind: 'block', label: block.name });
      continue;
    }
    for (const r of rows) if (r && !labels.wasRead(block, r.id)) located.missing.push({ table: block.table, block: block.name, kind: 'row', label: r.label, row: r.id, ref: located.tableRefs[block.table] });
  }
}

function locateLinearWith(cells: readonly LinearCell[], mapping: Mapping, blocks: readonly CompiledBlock[]): Located {
  const located = emptyLocated(mapping.format);
  const labels = labelReader(cells, mapping, blocks);
  const { isValue } = labels;
  const bands = headerBands(cells, isValue);
  /** each cell's index (a row's values are cells; finding them by scanning would be quadratic on a long PDF) */
  const indexOf = new Map(cells.map((c, n) => [c, n] as const));
  /** the labels printed since the last anchor: the header of the next rows */
  let header: LinearCell[] = [];
  /** cells a row took (its label's parts, its values, bound or refused with it), and the block each anchor opens */
  const used = new Set<number>();
  const use = (values: readonly LinearCell[]) => values.forEach((v) => used.add(indexOf.get(v)!));
  const opened: { at: number; block: CompiledBlock }[] = [];
  /** the sets of column bands whose typos were said (bands are computed once per block's header) */
  const reported = new Set<readonly Band[]>();
  const ruling = rulingOf(cells, isValue);
  const { strays } = ruling;
  /** the rows bound by position, in reading order */
  const boundRows: RuledRow[] = [];
  /** whether the row bound last left numbers after its label unbound */
  let afterStrays = false;
  for (let i = 0; i < cells.length; ) {
    const cell = cells[i]!;
    const anchored = labels.anchorOf(i);
    if (anchored) {
      opened.push({ at: i, block: anchored });
      afterStrays = false; // (numbers above a header are no row's of it)
      header = [cell];
      labels.enter(anchored);
      bands.anchor(anchored, cell);
      if (!anchored.rows) {
        // the unlabelled data row (表四): the values under its header, up to the next table
        let { values, end } = labels.valuesAfter(i + 1, new Set());
        const firstValue = values.find((v) => v.text !== '');
        const placed = firstValue ? bands.bandsFor(anchored, indexOf.get(firstValue)!) : undefined;
        // by position, the row is the ruled cell its first number is in (without rules: the line it is on)
        const sameRow = (v: LinearCell) => v.page === firstValue!.page && (sameRuledCell(v, firstValue!) ?? v.line === firstValue!.line);
        if (placed) values = values.filter(sameRow);
        if (values.some((v) => v.text !== '') || values.length === anchored.columns.length) {
          bindRow(located, anchored, null, undefined, values, header, placed, ruling, UNLABELLED);
          labels.markRead(anchored, null);
          use(values);
        }
        bands.zoneFrom(end);
        i = end;
        continue;
      }
      i++;
      continue;
    }
    const row = isValue[i] ? undefined : labels.rowAt(i);
    if (row) {
      labels.markRead(row.block, row.rowId);
      if (row.fuzzy) located.fuzzy.push({ table: row.block.table, printed: row.text, label: row.fuzzy, ref: lineOf(cell) });
      const placed = bands.bandsFor(row.block, i);
      if (placed && !reported.has(placed)) {
        reported.add(placed);
        reportFuzzyBands(located, row.block, placed);
      }
      const { values, end } = labels.valuesAfter(i + 1, new Set(row.parts));
      const label = { ...cell, text: row.text };
      const beforeRow = (end < cells.length && labels.rowAt(end) !== undefined) || labelAfterNumbers(cells, isValue, values, indexOf, end, new Set(row.parts));
      const straysBefore = strays.length;
      const lines = labelLines(cells, row.parts);
      const besideRows = textBesideLabel(cells, isValue, row.parts, lines, values);
      bindRow(located, row.block, row.rowId, label, values, header, placed, ruling, { lines, own: new Set(row.parts.map((k) => cells[k]!)), beforeRow, afterStrays, besideRows });
      afterStrays = strays.length > straysBefore;
      if (placed) boundRows.push({ block: row.block, rowId: row.rowId, label, bands: placed, at: i });
      use(values);
      for (const part of row.parts) used.add(part);
      // the next header starts after what this row used (a header above the next anchor is not skipped)
      bands.zoneFrom(Math.max(i, ...row.parts, ...values.map((v) => indexOf.get(v)!)) + 1);
      i = end;
      continue;
    }
    if (!isValue[i]) header.push(cell); // a header label, a group label, a note: context for the next rows
    i++;
  }
  missingParts(located, blocks, labels);
  unplacedNumbers(cells, used, opened, strays);
  placeStrays(located, strays, boundRows, indexOf);
  return located;
}

/**
 * Every number printed inside the tables — from the first block's anchor to the last cell a row took — that no row
 * took — a value printed above its row's label in a tall cell, or beside the table's columns — is a stray: placed by
 * the ruling when it can be, else named where it stands, never silently dropped and its cell read as a blank.
 */
function unplacedNumbers(cells: readonly LinearCell[], used: ReadonlySet<number>, opened: readonly { at: number; block: CompiledBlock }[], strays: Stray[]): void {
  if (opened.length === 0 || used.size === 0) return;
  const last = Math.max(...used);
  let block = 0;
  for (let i = opened[0]!.at; i <= last; i++) {
    while (block + 1 < opened.length && opened[block + 1]!.at <= i) block++;
    if (used.has(i) || !isNumberText(cells[i]!.text)) continue;
    strays.push({ table: opened[block]!.block.table, cell: cells[i]! });
  }
}

/** The mapping that binds the most ids of the text (format detection, as for spreadsheets). */
export function locateLinearBestFormat(cells: readonly LinearCell[], mappings: readonly Mapping[]): Located | undefined {
  let best: Located | undefined;
  for (const mapping of mappings) {
    const located = locateLinear(cells, mapping);
    const score = located.bindings.size + located.misaligned.length;
    const bestScore = best ? best.bindings.size + best.misaligned.length : 0;
    if (score > bestScore) best = located;
  }
  return best;
}
