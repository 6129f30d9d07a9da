/**
 * A place in the input, as every stage names it: a sheet (a worksheet, `text` for report text, `page3` for a PDF
 * page, `table2` for a page's or Word file's second table) and an A1 address (or `L12` for a line).
 */
export interface CellRef {
  sheet: string;
  cell: string;
}
