/**
 * A Word 97–2003 document (.doc; WPS Writer's .wps is the same binary format) → a Grid like a .docx's: tables as
 * sheets table1…, merged cells expanded, paragraphs outside tables as prose. Pure JavaScript on the streams of the
 * OLE file ([MS-DOC]):
 *   - the text: the FIB gives the piece table (CLX) in the table stream; pieces are 8-bit (cp1252) or UTF-16LE;
 *   - the tables: cells end with U+0007; the U+0007 that ends a row belongs to a paragraph marked as a table row end
 *     (sprmPFTtp), whose properties also carry the row's geometry (sprmTDefTable: the cell boundaries in twips and
 *     the vertical-merge flags of each cell). Cells are placed on the grid of all boundaries of their table, so a
 *     cell merged across columns spans them, and a vertically merged cell joins the one above.
 * What cannot be read with certainty throws WordError (the caller says to re-save the file as .docx or PDF).
 */
import * as iconv from 'iconv-lite';
import type { Paragraph } from './grid';
import { foldCellText, type Grid } from './grid';
import { wordGrid, WordError, type WordCell, type WordTable } from './docx';
import type { Container } from './xlsx';

const SPRM_P_IN_TABLE = 0x2416;
const SPRM_P_TTP = 0x2417;
const SPRM_P_ITAP = 0x6649;
const SPRM_T_DEF_TABLE = 0xd608;
const SPRM_P_CHG_TABS = 0xc615;
/** the paragraph's properties are too large for their page: they are in the Data stream, at the operand's offset */
const SPRM_P_HUGE_PAPX = 0x6646;
/** TC80 flags: the cell continues the vertical merge of the cell above / starts one */
const TC_VERT_MERGE = 0x0020;
const TC_VERT_RESTART = 0x0040;
/** TC80 flag: the cell is merged into the cell before it (old-style horizontal merge) */
const TC_MERGED = 0x0002;

/** The properties of a run of paragraphs that tables need (from one PAPX of a formatted disk page). */
interface ParagraphProps {
  inTable: boolean;
  rowEnd: boolean;
  depth: number;
  /** for a row end: the cell boundaries (twips) and each cell's TC80 flags */
  boundaries?: number[];
  flags?: number[];
}

interface Piece {
  cpStart: number;
  cpEnd: number;
  /** byte offset in the WordDocument stream */
  fc: number;
  bytesPerChar: 1 | 2;
}

const fail = (why: string): never => {
  throw new WordError(why);
};

function need(buffer: Buffer, at: number, length: number): void {
  if (at < 0 || at + length > buffer.length) fail('structure out of bounds');
}

function pieceTable(table: Buffer, fcClx: number, lcbClx: number): Piece[] {
  need(table, fcClx, lcbClx);
  let at = fcClx;
  while (table[at] === 0x01) at += 3 + table.readInt16LE(at + 1); // Prc: formatting of pieces, skipped
  if (table[at] !== 0x02) fail('no piece table');
  const lcb = table.readUInt32LE(at + 1);
  const plc = at + 5;
  need(table, plc, lcb);
  const n = (lcb - 4) / 12;
  if (!Number.isInteger(n) || n < 1) fail('bad piece table');
  const pieces: Piece[] = [];
  for (let i = 0; i < n; i++) {
    const raw = table.readUInt32LE(plc + (n + 1) * 4 + i * 8 + 2);
    const compressed = (raw & 0x40000000) !== 0;
    const fc = raw & 0x3fffffff;
    pieces.push({ cpStart: table.readUInt32LE(plc + i * 4), cpEnd: table.readUInt32LE(plc + (i + 1) * 4), fc: compressed ? fc / 2 : fc, bytesPerChar: compressed ? 1 : 2 });
  }
  return pieces;
}

/** Reads the sprms of a grpprl into the properties tables need (`data`: the Data stream, for huge properties). */
function readSprms(buffer: Buffer, from: number, to: number, data: Buffer | undefined, props: ParagraphProps = { inTable: false, rowEnd: false, depth: 0 }): ParagraphProps {
  for (let at = from; at + 2 <= to; ) {
    const sprm = buffer.readUInt16LE(at);
    const operand = at + 2;
    let size: number;
    switch (sprm >> 13) {
      case 0:
      case 1:
        size = 1;
        break;
      case 2:
      case 4:
      case 5:
        size = 2;
        break;
      case 3:
        size = 4;
        break;
      case 7:
        size = 3;
        break;
      default:
        if (sprm === SPRM_P_CHG_TABS && buffer[operand] === 255) fail('unsupported tab change');
        size = sprm === SPRM_T_DEF_TABLE ? 2 + buffer.readUInt16LE(operand) - 1 : 1 + (buffer[operand] ?? 0);
    }
    if (operand + size > to) break;
    if (sprm === SPRM_P_IN_TABLE) props.inTable = buffer[operand] !== 0;
    else if (sprm === SPRM_P_TTP) props.rowEnd = buffer[operand] !== 0;
    else if (sprm === SPRM_P_ITAP) props.depth = buffer.readInt32LE(operand);
    else if (sprm === SPRM_P_HUGE_PAPX) {
      const at = buffer.readUInt32LE(operand);
      if (!data) fail('no Data stream');
      need(data!, at, 2);
      const length = data!.readUInt16LE(at);
      need(data!, at + 2, length);
      readSprms(data!, at + 2, at + 2 + length, undefined, props);
    }
    else if (sprm === SPRM_T_DEF_TABLE) {
      const count = buffer[operand + 2]!;
      // the count of cells must fit the operand: a row whose geometry is read from other bytes could shift columns
      if (count === 0 || 3 + 2 * (count + 1) > size) fail('bad table definition');
      const boundaries: number[] = [];
      for (let k = 0; k <= count; k++) boundaries.push(buffer.readInt16LE(operand + 3 + 2 * k));
      const tcs = operand + 3 + 2 * (count + 1);
      const flags: number[] = [];
      // TC80s may be fewer than the cells (the rest are default, unmerged)
      for (let k = 0; k < count; k++) flags.push(tcs + 20 * k + 2 <= operand + size ? buffer.readUInt16LE(tcs + 20 * k) : 0);
      props.boundaries = boundaries;
      props.flags = flags;
    }
    at = operand + size;
  }
  if (props.inTable && props.depth === 0) props.depth = 1;
  return props;
}

/** Paragraph properties by file position: [start, end) byte ranges of the WordDocument stream. */
function paragraphRuns(doc: Buffer, table: Buffer, data: Buffer | undefined, fc: number, lcb: number): { start: number; end: number; props: ParagraphProps }[] {
  need(table, fc, lcb);
  const n = (lcb - 4) / 8;
  if (!Number.isInteger(n)) fail('bad paragraph index');
  const runs: { start: number; end: number; props: ParagraphProps }[] = [];
  for (let i = 0; i < n; i++) {
    const page = (table.readUInt32LE(fc + (n + 1) * 4 + i * 4) & 0x3fffff) * 512;
    need(doc, page, 512);
    const fkp = doc.subarray(page, page + 512);
    const count = fkp[511]!;
    for (let k = 0; k < count; k++) {
      const start = fkp.readUInt32LE(4 * k);
      const end = fkp.readUInt32LE(4 * (k + 1));
      const offset = fkp[4 * (count + 1) + 13 * k]! * 2;
      let props: ParagraphProps = { inTable: false, rowEnd: false, depth: 0 };
      if (offset > 0) {
        const cb = fkp[offset]!;
        const [from, length] = cb === 0 ? [offset + 2, 2 * fkp[offset + 1]!] : [offset + 1, 2 * cb - 1];
        if (from + length > 512) fail('bad paragraph properties');
        props = readSprms(fkp, from + 2, from + length, data); // after the style index (istd)
      }
      runs.push({ start, end, props });
    }
  }
  return runs.sort((a, b) => a.start - b.start);
}

/** Groups boundaries within a few twips (a table's rows rarely line up to the twip) and numbers them. */
function columnIndex(boundaries: readonly number[]): (x: number) => number {
  const sorted = [...new Set(boundaries)].sort((a, b) => a - b);
  const lines: number[] = [];
  for (const x of sorted) if (!lines.length || x - lines[lines.length - 1]! > 15) lines.push(x);
  return (x) => {
    let best = 0;
    for (let k = 1; k < lines.length; k++) if (Math.abs(lines[k]! - x) < Math.abs(lines[best]! - x)) best = k;
    return best;
  };
}

interface RawRow {
  texts: string[];
  props: ParagraphProps;
}

function tableOf(rows: readonly RawRow[], proseBefore: number): WordTable {
  const column = columnIndex(rows.flatMap((r) => r.props.boundaries!));
  return {
    proseBefore,
    rows: rows.map(({ texts, props }) => {
      const cells: WordCell[] = [];
      texts.forEach((text, k) => {
        const flags = props.flags![k] ?? 0;
        const first = column(props.boundaries![k]!);
        const last = column(props.boundaries![k + 1]!);
        const previous = cells[cells.length - 1];
        if (flags & TC_MERGED && previous) {
          previous.span = Math.max(previous.span, last - previous.column);
          return;
        }
        const vMerge = flags & TC_VERT_MERGE ? (flags & TC_VERT_RESTART ? 'restart' : 'continue') : undefined;
        cells.push({ column: first, span: Math.max(1, last - first), vMerge, text: foldCellText(text) });
      });
      return cells;
    }),
  };
}

/** The Grid of a Word 97–2003 document. */
export function docGrid(container: Container): Grid {
  const doc = container.part('WordDocument') ?? fail('no WordDocument stream');
  need(doc, 0, 0x200);
  if (doc.readUInt16LE(0) !== 0xa5ec) fail('not a Word document');
  const flags = doc.readUInt16LE(0x0a);
  if (flags & 0x0100) fail('encrypted');
  const table = container.part(flags & 0x0200 ? '1Table' : '0Table') ?? fail('no table stream');
  const csw = doc.readUInt16LE(32);
  const lw = 34 + csw * 2 + 2;
  const cslw = doc.readUInt16LE(34 + csw * 2);
  const ccpText = doc.readInt32LE(lw + 3 * 4);
  const blob = lw + cslw * 4 + 2;
  const pair = (index: number) => [doc.readUInt32LE(blob + index * 8), doc.readUInt32LE(blob + index * 8 + 4)] as const;
  const pieces = pieceTable(table, ...pair(33));
  const runs = paragraphRuns(doc, table, container.part('Data'), ...pair(13));
  let runAt = 0;
  const propsAt = (fc: number): ParagraphProps | undefined => {
    // characters are visited in file order within a piece; pieces may jump back, so search from the start then
    if (runs[runAt] && fc < runs[runAt]!.start) runAt = 0;
    while (runAt < runs.length && runs[runAt]!.end <= fc) runAt++;
    const run = runs[runAt];
    return run && run.start <= fc ? run.props : undefined;
  };

  const tables: WordTable[] = [];
  const prose: Paragraph[] = [];
  let rows: RawRow[] = [];
  let cells: string[] = [];
  let text = '';
  const closeTable = () => {
    if (rows.length) tables.push(tableOf(rows, prose.length));
    rows = [];
  };
  for (const piece of pieces) {
    const end = Math.min(piece.cpEnd, ccpText);
    if (piece.cpStart >= end) continue;
    const bytes = doc.subarray(piece.fc, piece.fc + (end - piece.cpStart) * piece.bytesPerChar);
    if (bytes.length !== (end - piece.cpStart) * piece.bytesPerChar) fail('text out of bounds');
    const chars = piece.bytesPerChar === 1 ? iconv.decode(bytes, 'cp1252') : bytes.toString('utf16le');
    for (let k = 0; k < chars.length; k++) {
      const ch = chars[k]!;
      if (ch !== '\r' && ch !== '\u0007') {
        text += ch;
        continue;
      }
      const props = propsAt(piece.fc + k * piece.bytesPerChar);
      if (props?.inTable && props.depth === 1) {
        if (ch === '\r') text += '\n'; // a paragraph inside a cell
        else if (props.rowEnd) {
          if (!props.boundaries || props.boundaries.length !== cells.length + 1) fail('row without its cell boundaries');
          rows.push({ texts: cells, props });
          cells = [];
        } else cells.push(cleanField(text));
        if (ch === '\u0007') text = '';
        continue;
      }
      if (props?.inTable) {
        text += ch === '\r' ? '\n' : ' '; // a nested table: its text stays in the outer cell
        continue;
      }
      closeTable();
      const paragraph = cleanField(text).replace(/\s+/g, ' ').trim();
      if (paragraph) prose.push({ text: paragraph });
      text = '';
    }
  }
  closeTable();
  return wordGrid(tables, prose);
}

/** Field codes (U+0013 code U+0014 result U+0015) keep their result; other control characters are dropped. */
function cleanField(text: string): string {
  let out = text;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/\u0013[^\u0013\u0014\u0015]*(?:\u0014([^\u0013\u0014\u0015]*))?\u0015/g, '$1');
  }
  return out.replace(/[\u0000-\u0006\u0008\u000b\u000c\u000e-\u001f]/g, (c) => (c === '\u000b' ? '\n' : ''));
}
