/**
 * WHAT the numbers of a report are: the canonical ids of SPEC.md §2, per format, with the kind of value each holds.
 * This is the data contract (CSVs, tests and other tools use these ids). Where the numbers sit in a file is the
 * business of mappings/*.yaml, which are checked against this model when they are loaded.
 */

export type Format = '2019' | '2021';
export const FORMATS: readonly Format[] = ['2019', '2021'];

export type TableId = 'proactive' | 'requests' | 'appeals';
export const TABLES: readonly TableId[] = ['proactive', 'requests', 'appeals'];

/** Chinese table numbers as printed in the form (表二, 表三, 表四). */
export const TABLE_NUMBER: Record<TableId, string> = { proactive: '表二', requests: '表三', appeals: '表四' };

/**
 * count  — a non-negative integer (件, 项)
 * signed — an integer that may be negative (本年增/减)
 * amount — a non-negative decimal in 万元
 */
export type ValueKind = 'count' | 'signed' | 'amount';

export interface CanonicalCell {
  id: string;
  table: TableId;
  row: string;
  column: string;
  kind: ValueKind;
  /** amounts only: true where the form prints no unit, so a bare number is taken as 万元 with a warning */
  unitAssumed?: boolean;
}

export const REQUEST_COLUMNS = ['natural', 'commercial', 'research', 'nonprofit', 'legal', 'other_org', 'total'] as const;
/** The applicant columns that add up to `total`. */
export const REQUEST_APPLICANT_COLUMNS = REQUEST_COLUMNS.filter((c) => c !== 'total');

const REFUSED = ['refused_state_secret', 'refused_prohibited', 'refused_security', 'refused_third_party',
  'refused_internal', 'refused_process', 'refused_enforcement_file', 'refused_query'];
const UNAVAILABLE = ['unavailable_not_held', 'unavailable_needs_creation', 'unavailable_unclear'];
const UNPROCESSED = ['unprocessed_petition', 'unprocessed_duplicate', 'unprocessed_publication',
  'unprocessed_excessive', 'unprocessed_confirmation'];
/** （六）其他处理: one row in format 2019; three rows in format 2021, which SUBTOTALS adds up as `other_handling`. */
const OTHER_HANDLING_PARTS = ['other_no_correction', 'other_fee_unpaid', 'other_misc'];

/**
 * Rows that are the sum of printed rows of the same table, per column: `other_handling` of format 2021 is （六）其他处理
 * as a whole (so that years compare, and for the 2021-year reports that print （六） as one row, as the 2019 form did:
 * then it is read, and its parts stay null). Where it is not read it is derived: the sum of its parts, or null.
 */
export const SUBTOTALS: Record<Format, readonly { row: string; parts: readonly string[] }[]> = {
  '2019': [],
  '2021': [{ row: 'other_handling', parts: OTHER_HANDLING_PARTS }],
};

/** The rows of 三、本年度办理结果 that add up to （七）总计, in both formats (（六） as a whole: a subtotal in format 2021). */
export const REQUEST_OUTCOME_ROWS: readonly string[] = ['granted', 'partial', ...REFUSED, ...UNAVAILABLE, ...UNPROCESSED, 'other_handling'];

/** The kinds of result of 表三's 三、本年度办理结果 — （一）…（六） — by the prefix of the outcome rows each sums. */
export const REQUEST_OUTCOME_KINDS = [
  { name: '予以公开', prefix: 'granted' },
  { name: '部分公开', prefix: 'partial' },
  { name: '不予公开', prefix: 'refused' },
  { name: '无法提供', prefix: 'unavailable' },
  { name: '不予处理', prefix: 'unprocessed' },
  { name: '其他处理', prefix: 'other' },
] as const;

/** The outcome rows of one kind of result (refused → refused_state_secret, …). */
export function outcomeRowsOfKind(prefix: string): string[] {
  return REQUEST_OUTCOME_ROWS.filter((r) => r === prefix || r.startsWith(`${prefix}_`));
}

/** 表三's rows with each subtotal of the format replaced by `expand` (its parts; or itself and its parts). */
function requestRowsWith(format: Format, expand: (subtotal: string, parts: readonly string[]) => readonly string[]): string[] {
  const partsOf = new Map(SUBTOTALS[format].map((s) => [s.row, s.parts]));
  const outcomes = REQUEST_OUTCOME_ROWS.flatMap((row) => (partsOf.has(row) ? expand(row, partsOf.get(row)!) : [row]));
  return ['new', 'carried_in', ...outcomes, 'results_total', 'carried_out'];
}

/** The rows of 表三 as the form prints them, in its order (format 2021: （六） as its three rows). */
export function formRequestRows(format: Format): string[] {
  return requestRowsWith(format, (_subtotal, parts) => parts);
}

/** Every row id of 表三: the form's rows and the subtotals, each subtotal before its parts. */
export function requestRows(format: Format): string[] {
  return requestRowsWith(format, (subtotal, parts) => [subtotal, ...parts]);
}

export const APPEAL_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'] as const;
export const APPEAL_PARTS = ['upheld', 'corrected', 'other', 'pending'] as const;
export const APPEAL_COLUMNS = [...APPEAL_PARTS, 'total'] as const;

type ColumnKinds = Record<string, ValueKind>;
const ITEMS: ColumnKinds = { prev_items: 'count', change: 'signed', decisions: 'count' };

const PROACTIVE: Record<Format, Record<string, ColumnKinds>> = {
  '2019': {
    rules: { new_made: 'count', new_published: 'count', total_published: 'count' },
    normative_docs: { new_made: 'count', new_published: 'count', total_published: 'count' },
    licensing: ITEMS,
    other_services: ITEMS,
    penalty: ITEMS,
    enforcement: ITEMS,
    fees: { prev_items: 'count', change: 'signed' },
    procurement: { projects: 'count', amount: 'amount' },
  },
  '2021': {
    rules: { issued: 'count', repealed: 'count', in_force: 'count' },
    normative_docs: { issued: 'count', repealed: 'count', in_force: 'count' },
    licensing: { decisions: 'count' },
    penalty: { decisions: 'count' },
    enforcement: { decisions: 'count' },
    fees: { amount: 'amount' },
  },
};

function buildCells(format: Format): CanonicalCell[] {
  const cells: CanonicalCell[] = [];
  for (const [row, columns] of Object.entries(PROACTIVE[format])) {
    for (const [column, kind] of Object.entries(columns)) {
      const unitAssumed = format === '2019' && kind === 'amount' ? true : undefined; // 采购总金额 prints no unit
      cells.push({ id: `proactive.${row}.${column}`, table: 'proactive', row, column, kind, unitAssumed });
    }
  }
  for (const row of requestRows(format)) {
    for (const column of REQUEST_COLUMNS) {
      cells.push({ id: `requests.${row}.${column}`, table: 'requests', row, column, kind: 'count' });
    }
  }
  for (const row of APPEAL_GROUPS) {
    for (const column of APPEAL_COLUMNS) {
      cells.push({ id: `appeals.${row}.${column}`, table: 'appeals', row, column, kind: 'count' });
    }
  }
  return cells;
}

/** Each cell of a subtotal row (SUBTOTALS) with the cells it adds up: requests.other_handling.natural ← the three rows' natural. */
export const SUBTOTAL_CELLS: Record<Format, readonly { id: string; parts: readonly string[] }[]> = {
  '2019': [],
  '2021': SUBTOTALS['2021'].flatMap((s) => REQUEST_COLUMNS.map((c) => ({ id: `requests.${s.row}.${c}`, parts: s.parts.map((p) => `requests.${p}.${c}`) }))),
};

/** Every canonical cell of a format, in the form's reading order (table 二, 三, 四; row by row). */
export const CANONICAL: Record<Format, readonly CanonicalCell[]> = { '2019': buildCells('2019'), '2021': buildCells('2021') };

const BY_ID: Record<Format, ReadonlyMap<string, CanonicalCell>> = {
  '2019': new Map(CANONICAL['2019'].map((c) => [c.id, c])),
  '2021': new Map(CANONICAL['2021'].map((c) => [c.id, c])),
};

export function canonicalCell(format: Format, id: string): CanonicalCell | undefined {
  return BY_ID[format].get(id);
}

/** The ids of a format in canonical order (one array per format: the ledger keeps the list once, not per file). */
export const CANONICAL_IDS: Record<Format, readonly string[]> = {
  '2019': CANONICAL['2019'].map((c) => c.id),
  '2021': CANONICAL['2021'].map((c) => c.id),
};

/** The formats in force for a report year: 2019 for 2019–2020 reports, 2021 from 2021 on. */
export function formatForYear(year: number): Format {
  return year >= 2021 ? '2021' : '2019';
}

export const FORMAT_NAME: Record<Format, string> = {
  '2019': '2019年版格式（国办公开办函〔2019〕60号）',
  '2021': '2021年版格式（国办公开办函〔2021〕30号）',
};
