/**
 * normalize: one cell → a number of the right kind, or a description of why it is not one (SPEC "Values").
 * Pure; the caller turns a failure into a value.type issue at the cell. Blank cells are zeros.
 */
import type { RawCell } from './read/grid';
import type { ValueKind } from './model/canonical';

export type ParsedValue =
  | { ok: true; value: number; unitAssumed?: boolean; /** the note in brackets after the number, left out */ annotation?: string }
  | { ok: false; found: string; expected: string };

/** How a bare amount (no 元/万元) is read: 'wan' when the header fixes the unit, 'assumed' when it does not. */
export type BareAmount = 'wan' | 'assumed';

/** Written for zero in real submissions (after NFKC and with spaces removed). */
const ZERO_TOKENS = new Set(['', '-', '--', '—', '——', '–', '―', '/', '\\', '无', '&nbsp;']);
/** Whether a printed cell is one of the ways a zero is written (—, -, /, 无, …; blank is a zero too, and not this). */
export function isZeroWord(text: string): boolean {
  const folded = text.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '');
  return folded !== '' && ZERO_TOKENS.has(folded);
}

const COUNT_UNITS = /(件次|人次|件|个|项|次|条|宗|起|份)$/;

export const EXPECTED_TEXT: Record<ValueKind, string> = {
  count: '非负整数',
  signed: '整数（可带正负号）',
  amount: '非负金额（万元）',
};

/** Rounds away binary noise from formula results and 元 → 万元 division (amounts keep 6 decimals). */
function tidy(value: number, kind: ValueKind): number {
  return kind === 'amount' ? Math.round(value * 1e6) / 1e6 : Math.round(value);
}

function checkNumber(value: number, kind: ValueKind, found: string): ParsedValue {
  const bad: ParsedValue = { ok: false, found, expected: EXPECTED_TEXT[kind] };
  if (!Number.isFinite(value)) return bad;
  if (kind !== 'amount' && Math.abs(value - Math.round(value)) > 1e-9) return bad;
  if (kind !== 'signed' && value < 0) return bad;
  const tidied = tidy(value, kind);
  return { ok: true, value: Object.is(tidied, -0) ? 0 : tidied };
}

export function parseValue(cell: RawCell | undefined, kind: ValueKind, bareAmount: BareAmount = 'wan'): ParsedValue {
  if (!cell) return { ok: true, value: 0 };
  if (cell.error) return { ok: false, found: cell.error, expected: EXPECTED_TEXT[kind] };
  const { value } = cell;
  if (value === null) {
    if (cell.formula) return { ok: false, found: `=${cell.formula}（公式没有计算结果）`, expected: EXPECTED_TEXT[kind] };
    return { ok: true, value: 0 };
  }
  if (typeof value === 'boolean') return { ok: false, found: value ? 'TRUE' : 'FALSE', expected: EXPECTED_TEXT[kind] };
  if (typeof value === 'number') {
    const parsed = checkNumber(value, kind, String(value));
    const assumed = kind === 'amount' && bareAmount === 'assumed' && parsed.ok && parsed.value !== 0;
    return assumed ? { ...parsed, unitAssumed: true } : parsed;
  }

  const found = value.trim();
  let text = value.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '');
  if (ZERO_TOKENS.has(text)) return { ok: true, value: 0 };
  // an annotated number, 22（其中修订16件）: the number counts, the note does not (the caller warns)
  const annotated = /^(.*?\d)(\([^()]*\))$/.exec(text);
  const annotation = annotated?.[2];
  if (annotated) text = annotated[1]!;
  let scale = 1;
  let unitAssumed = false;
  if (kind === 'amount') {
    if (text.endsWith('万元')) text = text.slice(0, -2);
    else if (text.endsWith('元')) {
      text = text.slice(0, -1);
      scale = 1 / 10000;
    } else unitAssumed = bareAmount === 'assumed';
  } else {
    text = text.replace(COUNT_UNITS, '');
  }
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  const pattern = kind === 'signed' ? /^[+-]?\d+(\.0+)?$/ : kind === 'amount' ? /^\d+(\.\d+)?$/ : /^\d+(\.0+)?$/;
  if (!pattern.test(text)) return { ok: false, found, expected: EXPECTED_TEXT[kind] };
  const parsed = checkNumber(Number(text) * scale, kind, found);
  if (!parsed.ok) return parsed;
  return { ...parsed, ...(unitAssumed && parsed.value !== 0 ? { unitAssumed } : {}), ...(annotation ? { annotation } : {}) };
}
