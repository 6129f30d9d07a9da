import { parseValue } from '../src/normalize';
import type { RawCell } from '../src/read/grid';
import type { ValueKind } from '../src/model/canonical';

const text = (value: string): RawCell => ({ value });

// [description, cell, kind, expected value or 'error']
const table: [string, RawCell | undefined, ValueKind, number | 'error'][] = [
  ['blank cell', undefined, 'count', 0],
  ['empty text', text('   '), 'count', 0],
  ['em dash', text('—'), 'count', 0],
  ['double em dash', text('——'), 'count', 0],
  ['hyphen', text('-'), 'count', 0],
  ['slash', text('/'), 'count', 0],
  ['无', text('无'), 'count', 0],
  ['number', { value: 12 }, 'count', 12],
  ['number as text', text('12'), 'count', 12],
  ['full-width digits', text('１２'), 'count', 12],
  ['stray spaces', text(' 1 2 '), 'count', 12],
  ['with a unit', text('3件'), 'count', 3],
  ['thousands separator', text('1,234'), 'count', 1234],
  ['0.0', text('0.0'), 'count', 0],
  ['formula result', { value: 7, formula: 'SUM(B2:B4)' }, 'count', 7],
  ['negative count', text('-3'), 'count', 'error'],
  ['plus sign on a count', text('+3'), 'count', 'error'],
  ['decimal count', text('2.5'), 'count', 'error'],
  ['decimal count as number', { value: 2.5 }, 'count', 'error'],
  ['words', text('见附件'), 'count', 'error'],
  ['boolean', { value: true }, 'count', 'error'],
  ['error value', { value: null, error: '#REF!' }, 'count', 'error'],
  ['formula without cached value', { value: null, formula: 'SUM(A1:A3)' }, 'count', 'error'],
  ['signed plus', text('+19'), 'signed', 19],
  ['signed minus', text('-11'), 'signed', -11],
  ['signed number', { value: -8 }, 'signed', -8],
  ['signed full-width minus', text('－5'), 'signed', -5],
  ['signed decimal', text('1.5'), 'signed', 'error'],
  ['amount in 元', text('251000元'), 'amount', 25.1],
  ['amount in 万元', text('240万元'), 'amount', 240],
  ['amount decimal', text('12.35'), 'amount', 12.35],
  ['amount with spaces and unit', text(' 3.5 万元 '), 'amount', 3.5],
  ['negative amount', text('-2'), 'amount', 'error'],
  ['amount words', text('约10万'), 'amount', 'error'],
];

test.each(table)('%s', (_d, cell, kind, expected) => {
  const parsed = parseValue(cell, kind);
  if (expected === 'error') expect(parsed.ok).toBe(false);
  else expect(parsed).toEqual({ ok: true, value: expected });
});

// A bare amount where the form prints no unit (2019 采购总金额) is taken as 万元 and flagged; zero needs no unit.
test.each([
  [text('8040'), 8040, true],
  [{ value: 8040 }, 8040, true],
  [text('0'), 0, false],
  [text('251000元'), 25.1, false],
  [text('240万元'), 240, false],
] as [RawCell, number, boolean][])('assumed unit: %j', (cell, value, assumed) => {
  expect(parseValue(cell, 'amount', 'assumed')).toEqual({ ok: true, value, ...(assumed ? { unitAssumed: true } : {}) });
});

test('a failure says what was found and what was expected', () => {
  expect(parseValue(text('见附件'), 'count')).toEqual({ ok: false, found: '见附件', expected: '非负整数' });
  expect(parseValue({ value: null, formula: 'A1+B1' }, 'count')).toEqual({ ok: false, found: '=A1+B1（公式没有计算结果）', expected: '非负整数' });
});
