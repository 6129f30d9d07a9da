/**
 * A value cell merged over several cells of the form (issue 28 §5: （六）其他处理's three sub-rows under one number)
 * belongs to none of them alone. Read into each, the number counted three times; now none is read and the number is
 * named where it stands. A merged blank stays a blank in each.
 */
import { inspectBytes } from '../../src/inspect';
import { issueMessage } from '../../src/issues';
import { consistentValues } from '../fixtures/values';
import { buildSheets, mappings, workbookBytes, ARRANGEMENTS } from '../fixtures/workbook';

const SUB_ROWS = ['requests.other_no_correction.natural', 'requests.other_fee_unpaid.natural', 'requests.other_misc.natural'];

function mergedOverSubRows(value: number | null) {
  const values = consistentValues('2021', 5);
  const sheets = buildSheets({ format: '2021', agency: '东风镇', year: 2022, values }, ARRANGEMENTS.official!);
  const sheet = sheets.find((s) => s.rows.some((row) => row.some((v) => typeof v === 'string' && v.startsWith('1.申请人无正当理由逾期不补正'))))!;
  const first = sheet.rows.findIndex((row) => row.some((v) => typeof v === 'string' && v.startsWith('1.申请人无正当理由逾期不补正')));
  // the 自然人 column: where the sub-row's first number is
  const c = sheet.rows[first]!.findIndex((v) => typeof v === 'number');
  sheet.rows[first]![c] = value;
  sheet.rows[first + 1]![c] = null;
  sheet.rows[first + 2]![c] = null;
  sheet.merges = [...sheet.merges, { s: { r: first, c }, e: { r: first + 2, c } }];
  return inspectBytes(workbookBytes(sheets), '东风镇.xlsx', { mappings });
}

test('a number in a cell merged over （六）的 three sub-rows is read into none of them, and named at its cell', () => {
  const s = mergedOverSubRows(7);
  expect(SUB_ROWS.map((id) => s.values[id])).toEqual([null, null, null]);
  const unplaced = s.issues.filter((i) => i.code === 'layout.value_unplaced');
  expect(unplaced.map((i) => [i.severity, issueMessage(i)])).toEqual([
    ['error', '表三中的数字「7」所在的格合并了「1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请」「2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请」「3.其他」几格，无法确定属于哪一格，没有读取；请核对原表，分格填写'],
  ]);
  expect(s.status).toBe('invalid');
});

test('a blank merged over them is a blank in each', () => {
  const s = mergedOverSubRows(null);
  expect(SUB_ROWS.map((id) => s.values[id])).toEqual([0, 0, 0]);
  expect(s.issues.map((i) => i.code)).not.toContain('layout.value_unplaced');
});
