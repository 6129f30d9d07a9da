/**
 * locate for report text: binds canonical ids to the cells of a text read in order (read/text.ts), by the labels
 * around them. A row label (规章, （一）予以公开, …) is followed by its row's values; the values are the row's columns
 * in the order of the header printed above them when that header is one line of the block's own column labels,
 * otherwise in the form's order. A row with more or fewer values than its block has columns is not read at all
 * (`misaligned`): a blank cell lost in copying must never shift later values into the wrong ids.
 */
import type { CompiledBlock, CompiledColumn, Mapping } from '../mapping/load';
import { lineRef, type LinearCell } from '../read/grid';
import type { Located } from './locate';

/** A cell that holds a value: blank, or a number as reports print it (１２, 1,234, 3件, 12.5万元). */
const VALUE = /^[-+−]?[0-9０-９][0-9０-９,，.．]*\s*(万元|元|件|个|项|次|条|家|人)?$/;

export function isValueText(text: string): boolean {
  return text === '' || VALUE.test(text);
}

/** The values following index `from`: consecutive value cells. */
function valueRun(cells: readonly LinearCell[], from: number): LinearCell[] {
  const run: LinearCell[] = [];
  for (let i = from; i < cells.length && isValueText(cells[i]!.text); i++) run.push(cells[i]!);
  return run;
}

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

function bindRow(located: Located, block: CompiledBlock, rowId: string | null, label: LinearCell | undefined, values: LinearCell[], header: readonly LinearCell[]): void {
  const columns = columnOrder(block, header);
  const at = lineRef((label ?? values[0] ?? header[0])?.line ?? 1);
  if (!located.tableRefs[block.table]) located.tableRefs[block.table] = header[0] ? lineRef(header[0].line) : at;
  // a blank cell after the last column (an empty 备注) is not a value
  const run = [...values];
  while (run.length > columns.length && run[run.length - 1]!.text === '') run.pop();
  if (run.length !== columns.length) {
    located.misaligned.push({ table: block.table, block: block.name, row: label?.text ?? block.name, expected: columns.length, found: run.length, ref: at });
    return;
  }
  columns.forEach(({ column, printed }, n) => {
    const cell = run[n]!;
    located.bindings.set(block.idOf(rowId, column.id), {
      ref: lineRef(cell.line),
      cell: cell.text === '' ? undefined : { value: cell.text },
      rowLabel: label?.text ?? column.group ?? '',
      columnLabel: printed,
    });
  });
}

export function locateLinear(cells: readonly LinearCell[], mapping: Mapping): Located {
  const located: Located = { format: mapping.format, bindings: new Map(), missing: [], misaligned: [], guessed: [], tableRefs: {} };
  const rowsSeen = new Set<string>();
  let header: LinearCell[] = [];
  let unlabelled: CompiledBlock | undefined;
  for (let i = 0; i < cells.length; ) {
    const cell = cells[i]!;
    if (isValueText(cell.text)) {
      const run = valueRun(cells, i);
      // the unlabelled data row (表四): the first run of values under its header; blank spacer cells are not it
      if (unlabelled && (run.some((v) => v.text !== '') || run.length === unlabelled.columns.length)) {
        bindRow(located, unlabelled, null, undefined, run, header);
        rowsSeen.add(`${mapping.blocks.indexOf(unlabelled)}:`);
        unlabelled = undefined;
      }
      i += run.length;
      continue;
    }
    const anchored = mapping.blocks.find((b) => b.anchors.find(cell.text) || b.combined.find(cell.text));
    if (anchored) {
      header = [cell];
      unlabelled = anchored.rows ? undefined : anchored;
      i++;
      continue;
    }
    const hits = mapping.blocks.flatMap((block, b) => {
      const rowId = block.rows ? block.rowsByLabel.find(cell.text) : undefined;
      return rowId ? [{ block, rowId, key: `${b}:${rowId}` }] : [];
    });
    const row = hits.find((h) => !rowsSeen.has(h.key));
    if (row) {
      rowsSeen.add(row.key);
      const run = valueRun(cells, i + 1);
      bindRow(located, row.block, row.rowId, cell, run, header);
      i += 1 + run.length;
      continue;
    }
    if (hits.length === 0) header.push(cell); // a header label, a group label, a note: context for the next rows
    i++;
  }
  mapping.blocks.forEach((block, b) => {
    const rows = block.rows ?? [null];
    const seen = rows.filter((r) => rowsSeen.has(`${b}:${r?.id ?? ''}`));
    if (seen.length === 0) {
      located.missing.push({ table: block.table, block: block.name, kind: 'block', label: block.name });
      return;
    }
    for (const r of rows) if (r && !rowsSeen.has(`${b}:${r.id}`)) located.missing.push({ table: block.table, block: block.name, kind: 'row', label: r.label, ref: located.tableRefs[block.table] });
  });
  return located;
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
