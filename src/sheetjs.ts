/**
 * SheetJS as nianbao uses it, configured once for every module that reads or writes workbooks: Node's zlib (so a
 * workbook is written the same bytes whichever modules a process happened to load first) with bounded inflation
 * (a zip bomb fails inside zlib instead of filling memory; each read starts its budget with startInflateBudget).
 */
import * as zlib from 'node:zlib';
import type * as SheetJS from 'xlsx';

/**
 * SheetJS's codepage tables (cpexcel: ~0.25 s to build as it loads, in every process and reading thread) serve only
 * legacy files — an .xls in GBK, dBASE, SYLK; an .xlsx never asks for them. SheetJS takes a global `cptable` when one
 * is defined as it loads, and only ever calls its utils.decode and utils.encode: it is given one that loads the
 * tables on first use. (Were xlsx loaded before this module, it has its tables already: the same, less lazily.)
 */
type Codepages = { utils: { decode(...args: unknown[]): unknown; encode(...args: unknown[]): unknown } };
let codepages: Codepages | undefined;
const tables = (): Codepages => (codepages ??= require('xlsx/dist/cpexcel.js') as Codepages);
const onDemand: Codepages = { utils: { decode: (...args) => tables().utils.decode(...args), encode: (...args) => tables().utils.encode(...args) } };

let loaded: typeof SheetJS | undefined;

/**
 * SheetJS, loaded and configured on first use (~55 ms to load: a PDF, a page or a Word file read alone never pays it).
 */
export function sheetjs(): typeof SheetJS {
  if (loaded) return loaded;
  const scope = globalThis as { cptable?: unknown };
  const before = scope.cptable;
  scope.cptable = onDemand;
  loaded = require('xlsx') as typeof SheetJS;
  if (before === undefined) delete scope.cptable;
  else scope.cptable = before;
  loaded.CFB.utils.use_zlib({ ...zlib, InflateRaw: BoundedInflateRaw } as unknown as typeof zlib);
  return loaded;
}

/**
 * Upper bound of inflated bytes for one workbook; a real township workbook inflates to well under 10 MB. It bounds
 * the memory a workbook can take (its XML is parsed whole): 64 MB keeps a run's peak under 400 MB.
 */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

let inflateBudget = MAX_INFLATED_BYTES;

/** The inflated bytes the next read may produce, in all (a workbook's entries together). */
export function startInflateBudget(bytes: number): void {
  inflateBudget = bytes;
}

class BoundedInflateRaw extends zlib.InflateRaw {
  constructor(options?: zlib.ZlibOptions) {
    super({ ...options, maxOutputLength: Math.max(1, Math.min(inflateBudget, 2 ** 31 - 1)) });
  }
  // SheetJS inflates each zip entry with `_processChunk`; count what it produced against the workbook's budget.
  _processChunk(chunk: Buffer, flushFlag: number): Buffer {
    const out = (zlib.InflateRaw.prototype as unknown as { _processChunk(c: Buffer, f: number): Buffer })._processChunk.call(this, chunk, flushFlag);
    inflateBudget -= out.length;
    if (inflateBudget < 0) throw new RangeError('inflate budget exceeded');
    return out;
  }
}

// SheetJS reads the deprecated `bytesRead` (Node warns on every use); it means `bytesWritten` (bytes consumed).
Object.defineProperty(BoundedInflateRaw.prototype, 'bytesRead', {
  get(this: zlib.InflateRaw) {
    return this.bytesWritten;
  },
});
