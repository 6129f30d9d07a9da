/** A recorded submission's values: found by id in a list aligned with a shared id list. */
import { positionsOf, valueOf, valuesRecord, type ValueList } from '../../src/ledger/value-list';
import { CANONICAL_IDS } from '../../src/model/canonical';

const ids = ['proactive.rules.issued', 'requests.new.total', 'appeals.review.total'];
const list: ValueList = { ids, numbers: [3, null, 7] };

test.each([
  ['a value read', 'proactive.rules.issued', 3],
  ['a value not read: null', 'requests.new.total', null],
  ['an id the list does not have: undefined', 'requests.carried_in.total', undefined],
])('%s', (_d, id, expected) => {
  expect(valueOf(list, id)).toBe(expected);
});

test('the positions of a format’s cells in a list: -1 where the list lacks one; worked out once per id list', () => {
  const at = positionsOf(list, '2021');
  expect(at).toHaveLength(CANONICAL_IDS['2021'].length);
  expect(CANONICAL_IDS['2021'].map((id, i) => [id, at[i]]).filter(([, n]) => n !== -1)).toEqual(ids.map((id, n) => [id, n]));
  expect(positionsOf({ ids, numbers: [] }, '2021')).toBe(at); // the same id list: the same positions
});

test('as a record by id', () => {
  expect(valuesRecord(list)).toEqual({ 'proactive.rules.issued': 3, 'requests.new.total': null, 'appeals.review.total': 7 });
});
