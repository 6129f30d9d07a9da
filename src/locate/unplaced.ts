/**
 * Number conservation in a grid (issue 28 §1): every number inside the tables' area of a sheet — from the first
 * table's title or block name (or first bound cell) down to the last cell a row took — that no canonical cell took
 * and no other issue names is named where it stands (layout.value_unplaced). A block whose rows were not found
 * leaves its numbers here, at their cells, instead of dropping them. A number left of a row's values (a 序号 column)
 * is the row's own, not a value.
 */
import type { Mapping } from '../mapping/mapping';
import { normalizeLabel } from '../mapping/label';
import { cellAddress, parseAddress, type RawCell } from '../read/grid';
import type { TableId } from '../model/canonical';
import type { Located, PreparedGrid } from './locate';
import { isNumberText } from './value-text';

/** A number as a cell holds it: a number, or text that is one as reports print them (value-text.ts). */
function isNumberCell(cell: RawCell | undefined): boolean {
  if (!cell) return false;
  return typeof cell.value === 'number' || (typeof cell.value === 'string' && isNumberText(cell.value.trim()));
}

export function unplacedGridNumbers(prepared: PreparedGrid, mapping: Mapping, located: Located): void {
  const taken = new Set<string>();
  for (const b of located.bindings.values()) taken.add(`${b.sheet}!${b.cell}`);
  for (const u of located.unplaced) taken.add(`${u.ref.sheet}!${u.ref.cell}`);
  // a row refused as a whole (layout.row_values) names its numbers itself
  const refusedRows = new Set(located.misaligned.map((m) => `${m.ref.sheet}!${parseAddress(m.ref.cell).r}`));
  const starts = new Set([...Object.values(mapping.tableTitles), ...mapping.blocks.map((b) => b.name)].map(normalizeLabel));
  for (const view of prepared.views) {
    const name = view.sheet.name;
    // rows with bound cells: the table of each, and the leftmost column bound on it
    const rowTable = new Map<number, { table: TableId; left: number }>();
    for (const [id, b] of located.bindings) {
      if (b.sheet !== name) continue;
      const { r, c } = parseAddress(b.cell);
      const table = id.split('.')[0] as TableId;
      const seen = rowTable.get(r);
      if (!seen || c < seen.left) rowTable.set(r, { table, left: c });
    }
    if (rowTable.size === 0) continue;
    const boundRows = [...rowTable.keys()];
    const titleRows = prepared.texts.filter((t) => prepared.views[t.sheet] === view && starts.has(t.key)).map((t) => t.r);
    const first = Math.min(...boundRows, ...titleRows);
    const last = Math.max(...boundRows);
    let table: TableId = rowTable.get(Math.min(...boundRows))!.table;
    for (let r = first; r <= last; r++) {
      if (refusedRows.has(`${name}!${r}`)) continue;
      const onRow = rowTable.get(r);
      if (onRow) table = onRow.table;
      for (let c = onRow ? onRow.left : 0; c < view.columnCount; c++) {
        const origin = view.origin(r, c);
        if (origin.r !== r || origin.c !== c) continue;
        const cell = view.at(r, c);
        const at = cellAddress(r, c);
        if (!isNumberCell(cell) || taken.has(`${name}!${at}`)) continue;
        located.unplaced.push({ table, text: String(cell!.value).trim(), ref: { sheet: name, cell: at } });
      }
    }
  }
}
