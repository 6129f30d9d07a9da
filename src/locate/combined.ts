/**
 * A subtotal row printed in place of its parts: a 2021-year report that prints （六）其他处理 as ONE row, as the 2019
 * form did. Located as the form prints it first; when every part of a block's combined row is missing, that block is
 * located again as printing the combined row, and the second reading is kept if it finds the row. The parts are then
 * never read (no number is split or guessed): they stay null, reported as `combined` (layout.rows_combined).
 */
import type { CompiledBlock, Mapping } from '../mapping/mapping';
import type { Located } from './locate';

/** `locateWith` locates the given blocks (the mapping's, or some of them as printing combined rows). */
export function locateAllowingCombinedRows(mapping: Mapping, locateWith: (blocks: readonly CompiledBlock[]) => Located): Located {
  const located = locateWith(mapping.blocks);
  const missingRows = new Set(located.missing.flatMap((m) => (m.kind === 'row' && m.row ? [`${m.block}:${m.row}`] : [])));
  const printsCombined = (block: CompiledBlock) =>
    !!block.asCombined && block.combinedRows.some((c) => c.parts.every((part) => missingRows.has(`${block.name}:${part}`)));
  if (!mapping.blocks.some(printsCombined)) return located;

  const blocks = mapping.blocks.map((b) => (printsCombined(b) ? b.asCombined! : b));
  const again = locateWith(blocks);
  mapping.blocks.forEach((block, n) => {
    if (blocks[n] === block) return;
    for (const row of block.combinedRows) {
      if (again.missing.some((m) => m.kind === 'row' && m.block === block.name && m.row === row.id)) continue;
      // found: bound, or refused as a whole (layout.row_values)
      const bound = again.bindings.get(block.idOf(row.id, block.columns[0]!.id));
      const ref = bound ? { sheet: bound.sheet, cell: bound.cell } : again.misaligned.find((m) => m.block === block.name && m.rowId === row.id)?.ref;
      if (ref) again.combined.push({ table: block.table, label: row.label, parts: row.parts.map((p) => block.rows!.find((r) => r.id === p)!.label), ref });
    }
  });
  return again.combined.length > 0 ? again : located;
}
