/**
 * A place in the input, as every stage names it: a sheet (a worksheet, `text` for report text, `page3` for a PDF
 * page, `table2` for a page's or Word file's second table) and an A1 address (or `L12` for a line).
 */
export interface CellRef {
  sheet: string;
  cell: string;
}

/** Where a value was read and the printed labels it was bound to there (its lineage). */
export interface Provenance extends CellRef {
  rowLabel: string;
  columnLabel: string;
}

/**
 * A CellRef as the ledger keeps it, compact (200 of them per report): [sheet, cell], or null where the value was not
 * found. `storedPlace` and `placeOf` are the only conversions.
 */
export type CellPlace = [sheet: string, cell: string] | null;

export function storedPlace(ref: CellRef | undefined): CellPlace {
  return ref ? [ref.sheet, ref.cell] : null;
}

export function placeOf(place: CellPlace | undefined): CellRef | undefined {
  return place ? { sheet: place[0], cell: place[1] } : undefined;
}
