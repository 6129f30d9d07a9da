/**
 * A table cut in two by a page break is one table. Word splits a table where a page break is typed inside it (the
 * two parts stand one under the other with only the break's empty paragraph between them), and a page made from such
 * a document keeps both parts; the second part has no column header of its own (or a repeated one), so read apart
 * its rows would have no columns. Contract: two tables of a document are joined when nothing but blank paragraphs
 * stands between them and they have the same number of grid columns; anything else stays a table of its own.
 */
import type { Sheet } from './grid';

export interface DocumentTable {
  /** the table's cells; its name is given after joining (table1, table2, … in document order) */
  sheet: Omit<Sheet, 'name'>;
  /** its number of grid columns (the widest row, spans counted) */
  width: number;
  /** its number of rows (its last rows may hold no text, so `sheet.rows` may be shorter) */
  height: number;
  /** how many non-blank paragraphs of prose stand before it in the document */
  proseBefore: number;
  /** a table inside another table's cell is never joined */
  nested?: boolean;
}

export function joinContinuedTables(tables: readonly DocumentTable[]): Sheet[] {
  const joined: { sheet: Omit<Sheet, 'name'>; height: number; last: DocumentTable }[] = [];
  for (const table of tables) {
    const previous = joined[joined.length - 1];
    const continues = previous && !table.nested && !previous.last.nested && previous.last.proseBefore === table.proseBefore && previous.last.width === table.width;
    if (!continues) {
      joined.push({ sheet: { rows: [...table.sheet.rows], merges: [...table.sheet.merges] }, height: table.height, last: table });
      continue;
    }
    const offset = previous.height;
    table.sheet.rows.forEach((row, r) => {
      previous.sheet.rows[offset + r] = row;
    });
    previous.height += table.height;
    for (const m of table.sheet.merges) previous.sheet.merges.push({ s: { r: m.s.r + offset, c: m.s.c }, e: { r: m.e.r + offset, c: m.e.c } });
    previous.last = table;
  }
  return joined.map(({ sheet }, n) => ({ name: `table${n + 1}`, ...sheet }));
}
