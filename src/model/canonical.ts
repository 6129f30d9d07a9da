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
const OTHER_HANDLING: Record<Format, string[]> = {
  '2019': ['other_handling'],
  '2021': ['other_no_correction', 'other_fee_unpaid', 'other_misc'],
};

/** The rows of 三、本年度办理结果 that add up to （七）总计, per format. */
export function requestOutcomeRows(format: Format): string[] {
  return ['granted', 'partial', ...REFUSED, ...UNAVAILABLE, ...UNPROCESSED, ...OTHER_HANDLING[format]];
}

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
export function outcomeRowsOfKind(format: Format, prefix: string): string[] {
  return requestOutcomeRows(format).filter((r) => r === prefix || r.startsWith(`${prefix}_`));
}

export function requestRows(format: Format): string[] {
  return ['new', 'carried_in', ...requestOutcomeRows(format), 'results_total', 'carried_out'];
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

/** Every canonical cell of a format, in the form's reading order (table 二, 三, 四; row by row). */
export const CANONICAL: Record<Format, readonly CanonicalCell[]> = { '2019': buildCells('2019'), '2021': buildCells('2021') };

const BY_ID: Record<Format, ReadonlyMap<string, CanonicalCell>> = {
  '2019': new Map(CANONICAL['2019'].map((c) => [c.id, c])),
  '2021': new Map(CANONICAL['2021'].map((c) => [c.id, c])),
};

export function canonicalCell(format: Format, id: string): CanonicalCell | undefined {
  return BY_ID[format].get(id);
}

const INDEX: Record<Format, ReadonlyMap<string, number>> = {
  '2019': new Map(CANONICAL['2019'].map((c, i) => [c.id, i])),
  '2021': new Map(CANONICAL['2021'].map((c, i) => [c.id, i])),
};

/** The position of an id in CANONICAL[format] (the order of a submission's `numbers`), or -1. */
export function canonicalIndex(format: Format, id: string): number {
  return INDEX[format].get(id) ?? -1;
}

/** The formats in force for a report year: 2019 for 2019–2020 reports, 2021 from 2021 on. */
export function formatForYear(year: number): Format {
  return year >= 2021 ? '2021' : '2019';
}

export const FORMAT_NAME: Record<Format, string> = {
  '2019': '2019年版格式（国办公开办函〔2019〕60号）',
  '2021': '2021年版格式（国办公开办函〔2021〕30号）',
};
