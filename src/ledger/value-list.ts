/**
 * A recorded submission's values as the ledger keeps them: a list aligned with an id list kept once (`ids` is one
 * array shared by every submission of that list), so reading thousands of submissions builds no object per value.
 * A value is found by its id; where each canonical cell of a format stands in a list is worked out once per list.
 */
import { CANONICAL, type Format } from '../model/canonical';

export interface ValueList {
  /** the canonical ids the numbers are aligned with (shared; empty when nothing was read) */
  readonly ids: readonly string[];
  readonly numbers: readonly (number | null)[];
}

export const NO_VALUES: ValueList = { ids: [], numbers: [] };

const indexes = new WeakMap<readonly string[], Map<string, number>>();
const positions = new WeakMap<readonly string[], Map<Format, readonly number[]>>();

function indexOf(ids: readonly string[]): Map<string, number> {
  let index = indexes.get(ids);
  if (!index) indexes.set(ids, (index = new Map(ids.map((id, n) => [id, n]))));
  return index;
}

/** The value of an id: null where it was not read, undefined where the list has no such id. */
export function valueOf(list: ValueList, id: string): number | null | undefined {
  const n = indexOf(list.ids).get(id);
  return n === undefined ? undefined : (list.numbers[n] ?? null);
}

/** Where each canonical cell of a format stands in a list's ids (-1: not in it), in CANONICAL[format] order. */
export function positionsOf(list: ValueList, format: Format): readonly number[] {
  let byFormat = positions.get(list.ids);
  if (!byFormat) positions.set(list.ids, (byFormat = new Map()));
  let found = byFormat.get(format);
  if (!found) {
    const index = indexOf(list.ids);
    byFormat.set(format, (found = CANONICAL[format].map((c) => index.get(c.id) ?? -1)));
  }
  return found;
}

/** The values as a record by id (for JSON and tests). */
export function valuesRecord(list: ValueList): Record<string, number | null> {
  return Object.fromEntries(list.ids.map((id, n) => [id, list.numbers[n] ?? null]));
}
