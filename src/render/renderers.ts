/**
 * Where the two costliest files of a year are rendered: the county workbook (exceljs, 0.1–0.2 s) and the Word draft
 * (docx, ~0.1 s), more than half of the outputs' time. In this thread by default; a run that read its files in
 * reading threads renders them there (src/run/render-threads.ts) while this thread writes the CSVs.
 */
import { docxLibrary, draftDocx, type CountyDraft } from './draft';
import { workbookBytes, workbookWriter, type SheetSpec } from './xlsx-write';

export interface Renderers {
  workbook(sheets: SheetSpec[]): Promise<Buffer>;
  draft(draft: CountyDraft): Promise<Buffer>;
}

export const RENDER_HERE: Renderers = { workbook: workbookBytes, draft: draftDocx };

/** Loads the libraries the renderers use (~0.1 s), ahead of their first file. */
export function loadRenderers(): void {
  workbookWriter();
  docxLibrary();
}
