/**
 * Column bands of a table printed in a PDF: where each column's values sit across the page, read from the header
 * printed above them. A blank cell leaves no text in a PDF, so a row's numbers are bound by position, never by
 * counting: a number belongs to the band its centre falls in.
 *
 * The header's pieces are put back together first: pieces on one line that spell a label together (「总」「计」),
 * then pieces stacked in one column (「商业」 over 「企业」, a label over its note 「(指2018年事项数)」). A piece joins
 * a stack only while the text stays the beginning of one of the block's header labels, or continues a note in
 * parentheses. The stacks that name a column of the block give its band: the bands meet halfway between the
 * centres of neighbouring columns. Grouped columns (表四: 结果维持 under each of 行政复议 / 未经复议直接起诉 /
 * 复议后起诉) are taken in the order their group headers are printed, left to right, and must read exactly as the
 * form has them. Anything less than every column of the block found once gives no bands (the caller then falls
 * back to counting, which refuses a row whose count is off).
 */
import type { CompiledBlock, CompiledColumn } from '../mapping/mapping';
import type { LinearCell } from '../read/grid';
import { closestLabel, normalizeLabel, openParentheses, stripLabelNotes } from '../mapping/label';

export interface Band {
  column: CompiledColumn;
  left: number;
  right: number;
  /** the header as printed (pieces joined) */
  printed: string;
  /** the header is a small typo of the column's label (先行有效件数): where it is printed, for layout.label_fuzzy */
  fuzzy?: { page: number; line: number };
}

interface Piece {
  text: string;
  x: number;
  right: number;
  page: number;
  line: number;
}


function isPrefixOfLabel(block: CompiledBlock, text: string): boolean {
  const key = normalizeLabel(text);
  return key !== '' && block.headerLabels.some((label) => label.startsWith(key));
}

/** Whether `next` continues the header text `text` of one cell. */
function continues(block: CompiledBlock, text: string, next: string): boolean {
  // inside, or the start of, a note; a piece that is a whole label of its own is not a note's continuation
  if (openParentheses(text) > 0 || /^[(（]/.test(next.trim())) return !block.headerLabels.includes(stripLabelNotes(normalizeLabel(next)));
  return isPrefixOfLabel(block, text + next);
}

const width = (p: { x: number; right: number }) => p.right - p.x;
const overlap = (a: { x: number; right: number }, b: { x: number; right: number }) => Math.min(a.right, b.right) - Math.max(a.x, b.x);

/** Joins pieces of one line that spell one label together (「总」「计」, 「三 、本 年 度」), left to right. */
function joinLines(block: CompiledBlock, cells: readonly LinearCell[]): Piece[] {
  const pieces: Piece[] = [];
  for (const cell of cells) {
    const piece = { text: cell.text, x: cell.x!, right: cell.right!, page: cell.page ?? 1, line: cell.line };
    const last = pieces[pieces.length - 1];
    const charWidth = width(piece) / Math.max(1, [...piece.text].length);
    if (last && last.page === piece.page && last.line === piece.line && piece.x - last.right < 2.5 * charWidth && isPrefixOfLabel(block, last.text + piece.text)) {
      last.text += piece.text;
      last.right = piece.right;
    } else pieces.push(piece);
  }
  return pieces;
}

/** Pieces stacked in one column, top to bottom, each stack one header cell's text. */
function stacks(block: CompiledBlock, pieces: readonly Piece[]): Piece[] {
  const open: Piece[] = [];
  for (const piece of pieces) {
    let best: Piece | undefined;
    for (const stack of open) {
      if ((stack.page === piece.page && stack.line >= piece.line) || overlap(stack, piece) <= 0) continue;
      if (!continues(block, stack.text, piece.text)) continue;
      if (!best || overlap(stack, piece) > overlap(best, piece)) best = stack;
    }
    if (best) {
      best.text += piece.text;
      best.x = Math.min(best.x, piece.x);
      best.right = Math.max(best.right, piece.right);
      best.page = piece.page;
      best.line = piece.line;
    } else open.push({ ...piece });
  }
  return open;
}

/**
 * Pieces that named nothing, stacked by column whatever they spell (top to bottom, of like width, overlapping):
 * a header with a typo (「先行有效」 over 「件数」) is not joined by `stacks`, which follows the labels' spelling.
 */
function looseStacks(pieces: readonly Piece[]): Piece[] {
  const open: Piece[] = [];
  for (const piece of pieces) {
    // one cell's lines: above one another and of like width (a title across the table is no part of a column)
    const alike = (s: Piece) => overlap(s, piece) > 0.5 * Math.min(width(s), width(piece)) && Math.max(width(s), width(piece)) < 3 * Math.min(width(s), width(piece));
    const stack = open.find((s) => alike(s) && (s.page < piece.page || (s.page === piece.page && s.line < piece.line)));
    if (stack) {
      stack.text += piece.text;
      stack.x = Math.min(stack.x, piece.x);
      stack.right = Math.max(stack.right, piece.right);
    } else open.push({ ...piece });
  }
  return open;
}

/**
 * Columns of an ungrouped block that no header names exactly, each named by the header that is a small typo of its
 * label (closestLabel: the one unambiguously closest; two about as close name neither).
 */
function fuzzyColumns(block: CompiledBlock, unmatched: readonly Piece[], named: readonly { column: CompiledColumn }[]): { column: CompiledColumn; header: Piece; fuzzy: true }[] {
  const open = block.columns.filter((c) => !named.some((n) => n.column === c));
  if (open.length === 0) return [];
  const found: { column: CompiledColumn; header: Piece; fuzzy: true }[] = [];
  for (const header of looseStacks(unmatched)) {
    const hit = closestLabel(header.text, open.filter((c) => !found.some((f) => f.column === c)).map((c) => ({ label: c.label, target: c })));
    if (hit) found.push({ column: hit.target, header, fuzzy: true });
  }
  return found;
}

/** The block's columns each with the header stack that names it, or undefined when they cannot all be told. */
function namedColumns(block: CompiledBlock, headers: readonly Piece[]): { column: CompiledColumn; header: Piece; fuzzy?: true }[] | undefined {
  const named: { column: CompiledColumn; header: Piece; fuzzy?: true }[] = [];
  const unmatched: Piece[] = [];
  const leaves: { header: Piece; columns: CompiledColumn[] }[] = [];
  const groups: { name: string; header: Piece }[] = [];
  for (const header of headers) {
    const combined = block.combined.find(header.text);
    if (combined) named.push({ column: combined, header });
    const columns = block.columnsByLabel.find(header.text);
    if (columns) leaves.push({ header, columns });
    const group = block.groups.find(header.text);
    if (group) groups.push({ name: group, header });
    if (!combined && !columns && !group && !block.anchors.find(header.text)) unmatched.push(header);
  }
  const grouped = block.columns.some((c) => c.group);
  if (!grouped) {
    for (const leaf of leaves) named.push({ column: leaf.columns[0]!, header: leaf.header });
    named.push(...fuzzyColumns(block, unmatched, named));
  } else if (leaves.length) {
    // the leaves, left to right, must be the groups' columns in the order the group headers are printed
    const order = groups
      .sort((a, b) => a.header.x + a.header.right - (b.header.x + b.header.right))
      .flatMap((g) => block.columns.filter((c) => c.group === g.name));
    const sorted = leaves.sort((a, b) => a.header.x - b.header.x);
    if (order.length !== sorted.length || new Set(groups.map((g) => g.name)).size !== groups.length) return undefined;
    for (let k = 0; k < sorted.length; k++) {
      if (!sorted[k]!.columns.includes(order[k]!)) return undefined;
      named.push({ column: order[k]!, header: sorted[k]!.header });
    }
  }
  const columns = new Set(named.map((n) => n.column));
  if (columns.size !== named.length || columns.size !== block.columns.length) return undefined;
  return named;
}

/**
 * The block's column bands from the header cells printed above its first row (in reading order, each with its
 * extent), or undefined when the header does not name every column exactly once.
 */
export function columnBands(block: CompiledBlock, header: readonly LinearCell[]): Band[] | undefined {
  const placed = header.filter((c) => c.x !== undefined && c.right !== undefined);
  if (placed.length === 0) return undefined;
  const named = namedColumns(block, stacks(block, joinLines(block, placed)));
  if (!named) return undefined;
  const centre = (p: Piece) => (p.x + p.right) / 2;
  const sorted = named.sort((a, b) => centre(a.header) - centre(b.header));
  return sorted.map(({ column, header, fuzzy }, k) => {
    const before = sorted[k - 1];
    const after = sorted[k + 1];
    const half = Math.max(width(header), before ? centre(header) - centre(before.header) : 0, after ? centre(after.header) - centre(header) : 0) / 2;
    return {
      column,
      printed: header.text,
      left: before ? (centre(before.header) + centre(header)) / 2 : Math.min(header.x, centre(header) - half),
      right: after ? (centre(header) + centre(after.header)) / 2 : Math.max(header.right, centre(header) + half),
      ...(fuzzy ? { fuzzy: { page: header.page, line: header.line } } : {}),
    };
  });
}

/** The band a value's centre falls in, if any. */
export function bandOf(bands: readonly Band[], cell: LinearCell): Band | undefined {
  if (cell.x === undefined || cell.right === undefined) return undefined;
  const centre = (cell.x + cell.right) / 2;
  return bands.find((b) => centre >= b.left && centre < b.right);
}

/** A header label's text as it should be shown: the pieces joined, without the whitespace a PDF put between them. */
export function printedLabel(band: Band): string {
  return stripLabelNotes(normalizeLabel(band.printed)) === normalizeLabel(band.column.label) ? band.column.label : band.printed;
}
