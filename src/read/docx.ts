/**
 * A Word 2007+ document (.docx, also what WPS Writer saves as .docx) → a Grid, as a web page becomes one: every
 * table is a sheet named table1, table2, … in document order, its merged cells (`w:gridSpan` across, `w:vMerge`
 * down) expanded into merged ranges with the text at the range's top-left; the paragraphs outside tables are the
 * Grid's prose (the title and 本报告由…编制 sentences identity reads). word/document.xml is parsed with saxes.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { joinContinuedTables, type DocumentTable } from './continued-tables';
import { foldCellText, type CellRange, type Grid, type Paragraph, type RawCell } from './grid';

/** A span beyond this is treated as 1 (a hostile document could ask for a billion columns). */
const MAX_SPAN = 200;

export interface WordCell {
  /** the grid column the cell starts in */
  column: number;
  span: number;
  /** w:vMerge: 'restart' starts a vertical merge, 'continue' extends the one above */
  vMerge?: 'restart' | 'continue';
  text: string;
}

export interface WordTable {
  rows: WordCell[][];
  /** how many paragraphs of prose stand before the table */
  proseBefore: number;
  /** a table inside another table's cell */
  nested?: boolean;
}

export class WordError extends Error {}

/** Lays a table's rows out on its grid: a 'continue' cell joins the merge of the cell above it in its column. */
function tableSheet(table: WordTable): DocumentTable {
  const rows: (RawCell | undefined)[][] = [];
  const merges: CellRange[] = [];
  /** the merge or cell that currently owns each grid column, by its top-left */
  const owner = new Map<number, CellRange>();
  table.rows.forEach((cells, r) => {
    for (const cell of cells) {
      const above = owner.get(cell.column);
      if (cell.vMerge === 'continue' && above && above.e.r === r - 1) {
        above.e.r = r;
        continue;
      }
      const range: CellRange = { s: { r, c: cell.column }, e: { r, c: cell.column + cell.span - 1 } };
      owner.set(cell.column, range);
      merges.push(range);
      if (cell.text) (rows[r] ??= [])[cell.column] = { value: cell.text };
    }
  });
  const width = Math.max(0, ...table.rows.flat().map((cell) => cell.column + cell.span));
  return {
    sheet: { rows, merges: merges.filter((m) => m.e.r > m.s.r || m.e.c > m.s.c) },
    width,
    height: table.rows.length,
    proseBefore: table.proseBefore,
    ...(table.nested ? { nested: true } : {}),
  };
}

const attr = (tag: SaxesTagPlain, name: string): string | undefined => tag.attributes[name] as string | undefined;

/** Parses word/document.xml: its tables (innermost text only; a nested table is a table of its own) and paragraphs. */
export function parseWordXml(xml: string): { tables: WordTable[]; prose: Paragraph[] } {
  const tables: WordTable[] = [];
  const prose: Paragraph[] = [];
  const open: { table: WordTable; row?: WordCell[]; cell?: WordCell; column: number }[] = [];
  let paragraph = '';
  let inText = false;
  let inDeleted = 0;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const top = open[open.length - 1];
    switch (tag.name) {
      case 'w:tbl': {
        const table: WordTable = { rows: [], proseBefore: prose.length, ...(open.length > 0 ? { nested: true } : {}) };
        tables.push(table);
        open.push({ table, column: 0 });
        break;
      }
      case 'w:tr':
        if (top) {
          top.row = [];
          top.table.rows.push(top.row);
          top.column = 0;
        }
        break;
      case 'w:gridBefore':
        if (top) top.column += Math.min(MAX_SPAN, Math.max(0, Number(attr(tag, 'w:val')) || 0));
        break;
      case 'w:tc':
        if (top?.row) {
          top.cell = { column: top.column, span: 1, text: '' };
          top.row.push(top.cell);
        }
        break;
      case 'w:gridSpan': {
        const span = Number(attr(tag, 'w:val'));
        if (top?.cell && Number.isInteger(span) && span >= 1 && span <= MAX_SPAN) top.cell.span = span;
        break;
      }
      case 'w:vMerge':
        if (top?.cell) top.cell.vMerge = attr(tag, 'w:val') === 'restart' ? 'restart' : 'continue';
        break;
      case 'w:p':
        paragraph = '';
        break;
      case 'w:t':
        inText = inDeleted === 0;
        break;
      case 'w:del':
        inDeleted++;
        break;
      case 'w:tab':
        paragraph += ' ';
        break;
      case 'w:br':
      case 'w:cr':
        paragraph += '\n';
        break;
    }
  });
  parser.on('text', (text) => {
    if (inText) paragraph += text;
  });
  parser.on('closetag', (tag) => {
    const top = open[open.length - 1];
    switch (tag.name) {
      case 'w:t':
        inText = false;
        break;
      case 'w:del':
        inDeleted--;
        break;
      case 'w:p':
        if (top?.cell) top.cell.text += `${paragraph}\n`;
        else if (paragraph.trim()) prose.push({ text: paragraph.replace(/\s+/g, ' ').trim() });
        paragraph = '';
        break;
      case 'w:tc':
        if (top?.cell) {
          top.cell.text = foldCellText(top.cell.text);
          top.column += top.cell.span;
          top.cell = undefined;
        }
        break;
      case 'w:tbl':
        open.pop();
        break;
    }
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    throw new WordError(error instanceof Error ? error.message : String(error));
  }
  return { tables, prose };
}

/** A Word document's tables and paragraphs as a Grid (for .docx and .doc alike); a table cut by a page break is one. */
export function wordGrid(tables: readonly WordTable[], prose: Paragraph[]): Grid {
  return { sheets: joinContinuedTables(tables.map(tableSheet)), prose };
}

/** The Grid of a .docx's main document part (word/document.xml, as UTF-8 text). */
export function docxGrid(documentXml: Buffer): Grid {
  const { tables, prose } = parseWordXml(documentXml.toString('utf8'));
  return wordGrid(tables, prose);
}
