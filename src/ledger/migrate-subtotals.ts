/**
 * Ledger migration 2: format 2021 gained the subtotal row requests.other_handling (（六）其他处理 as a whole, SPEC.md),
 * seven ids placed before its three rows. Submissions of format 2021 recorded before hold their numbers and cells in
 * the old canonical order (200 ids): the seven are inserted, derived as the sum of the three rows (null where one is
 * null), with no cell (they were not printed). Frozen like every migration: the positions below are those of the
 * release that made the change, not whatever CANONICAL says later. (It also rewrote each submission's values.csv
 * rows; migration 4 drops that column, and every ledger that runs this runs 4 next, so that part is gone.)
 */
import type Database from 'better-sqlite3';

/** the old number of ids of format 2021, and where requests.other_no_correction.natural stood (now other_handling's) */
const OLD_IDS = 200;
export const SUBTOTAL_AT = 150;
const COLUMNS = ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other_org', 'total'];
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

/** Rows are read a page at a time: the whole ledger is never in memory. */
const PAGE = 500;

export function addSubtotalsOf2021(db: Database.Database): void {
  const page = db.prepare<[number], { id: number; numbers: string; cells: string }>(
    `SELECT id, numbers_json AS numbers, cells_json AS cells FROM submissions WHERE format = '2021' AND id > ? ORDER BY id LIMIT ${PAGE}`,
  );
  const update = db.prepare('UPDATE submissions SET numbers_json = ?, cells_json = ? WHERE id = ?');
  for (let rows = page.all(0); rows.length > 0; rows = page.all(rows[rows.length - 1]!.id)) for (const row of rows) {
    const numbers = JSON.parse(row.numbers) as Numbers;
    if (numbers.length !== OLD_IDS) continue;
    const sums = subtotals(numbers);
    numbers.splice(SUBTOTAL_AT, 0, ...sums);
    const cells = JSON.parse(row.cells) as unknown[];
    if (cells.length === OLD_IDS) cells.splice(SUBTOTAL_AT, 0, ...sums.map(() => null));
    update.run(JSON.stringify(numbers), JSON.stringify(cells), row.id);
  }
}
