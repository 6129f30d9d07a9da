/**
 * Ledger migration 2: format 2021 gained the subtotal row requests.other_handling (（六）其他处理 as a whole, SPEC.md),
 * seven ids placed before its three rows. Submissions of format 2021 recorded before hold their numbers, cells and
 * values.csv rows in the old canonical order (200 ids): the seven are inserted, derived as the sum of the three rows
 * (null where one is null), with no cell (they were not printed). Frozen like every migration: the positions and
 * labels below are those of the release that made the change, not whatever CANONICAL says later.
 */
import type Database from 'better-sqlite3';
import { csvField } from '../render/csv';

/** the old number of ids of format 2021, and where requests.other_no_correction.natural stood (now other_handling's) */
const OLD_IDS = 200;
export const SUBTOTAL_AT = 150;
const COLUMNS = ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other_org', 'total'];
const COLUMN_LABELS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
const PART_ROWS = 3;

type Numbers = (number | null)[];

function subtotals(numbers: Numbers): Numbers {
  return COLUMNS.map((_, c) => {
    let sum: number | null = 0;
    for (let p = 0; p < PART_ROWS; p++) {
      const v = numbers[SUBTOTAL_AT + p * COLUMNS.length + c];
      sum = sum === null || typeof v !== 'number' ? null : sum + v;
    }
    return sum;
  });
}

/** values.csv rows: year,agency,format,id,table,row_label,column_label,value,sheet,cell,sha256 — the head (year,
 * agency, format) and sha256 taken from the row of the first part (other_no_correction) of the same column. */
function subtotalCsvRows(lines: string[], sums: Numbers): string[] {
  return COLUMNS.map((column, c) => {
    const partLine = lines[SUBTOTAL_AT + c]!;
    const idField = `,requests.other_no_correction.${column},`;
    const head = partLine.slice(0, partLine.indexOf(idField));
    const sha256 = partLine.slice(partLine.lastIndexOf(',') + 1);
    return `${head},requests.other_handling.${column},requests,${csvField('（六）其他处理')},${csvField(COLUMN_LABELS[c]!)},${csvField(sums[c] ?? null)},,,${sha256}`;
  });
}

export function addSubtotalsOf2021(db: Database.Database): void {
  const rows = db.prepare<[], { id: number; numbers: string; cells: string; csv: string }>(
    "SELECT id, numbers_json AS numbers, cells_json AS cells, values_csv AS csv FROM submissions WHERE format = '2021'",
  ).all();
  const update = db.prepare('UPDATE submissions SET numbers_json = ?, cells_json = ?, values_csv = ? WHERE id = ?');
  for (const row of rows) {
    const numbers = JSON.parse(row.numbers) as Numbers;
    if (numbers.length !== OLD_IDS) continue;
    const sums = subtotals(numbers);
    numbers.splice(SUBTOTAL_AT, 0, ...sums);
    const cells = JSON.parse(row.cells) as unknown[];
    if (cells.length === OLD_IDS) cells.splice(SUBTOTAL_AT, 0, ...sums.map(() => null));
    let csv = row.csv;
    const lines = csv === '' ? [] : csv.split('\r\n');
    if (lines.length === OLD_IDS) {
      lines.splice(SUBTOTAL_AT, 0, ...subtotalCsvRows(lines, sums));
      csv = lines.join('\r\n');
    }
    update.run(JSON.stringify(numbers), JSON.stringify(cells), csv, row.id);
  }
}
