/**
 * `inspect --explain`: the lineage of every value — for each canonical id, where it was read (Sheet!A1, or the line
 * of report text) and the printed row and column labels it was bound to, so a clerk can see why a value was read.
 */
import type { Submission } from '../inspect';
import { placeText } from '../issues';
import type { Mapping } from '../mapping/mapping';
import { CANONICAL, SUBTOTAL_CELLS, TABLE_NUMBER, type Format } from '../model/canonical';

export function renderExplainText(s: Submission, mappings: Record<Format, Mapping>): string {
  if (s.format === null) return '没有读到统计表，无从说明数值来源。\n';
  const mapping = mappings[s.format];
  const lines = ['数值来源（规范编号　位置　数值　所依据的行标签 / 列标签）：'];
  const subtotals = SUBTOTAL_CELLS[s.format];
  const names = (id: string) => mapping.labels.get(id)!;
  for (const { id, table } of CANONICAL[s.format]) {
    const p = s.provenance[id];
    const value = s.values[id];
    const shown = value === null || value === undefined ? '？' : String(value);
    const subtotal = subtotals.find((t) => t.id === id);
    const partOf = subtotals.find((t) => t.parts.includes(id));
    if (!p && subtotal) {
      lines.push(`  ${id}　分项之和　${shown}　（${TABLE_NUMBER[table]}${subtotal.parts.map((part) => `「${names(part).rowLabel}」`).join(' + ')}）`);
      continue;
    }
    if (!p && partOf && s.provenance[partOf.id]) {
      lines.push(`  ${id}　未分项　${shown}　（${TABLE_NUMBER[table]}只填了「${names(partOf.id).rowLabel}」合计一行）`);
      continue;
    }
    if (!p) {
      const names = mapping.labels.get(id)!;
      lines.push(`  ${id}　未读到　${shown}　（${TABLE_NUMBER[table]}「${names.rowLabel}」/「${names.columnLabel}」未找到）`);
      continue;
    }
    const rowLabel = p.rowLabel.replace(/\s+/g, ' ').trim();
    lines.push(`  ${id}　${placeText(p.sheet, p.cell)}　${shown}　「${rowLabel}」/「${p.columnLabel.replace(/\s+/g, ' ').trim()}」`);
  }
  return `${lines.join('\n')}\n`;
}
