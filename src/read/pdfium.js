'use strict';
// The PDF text extractor: PDFium (Chrome's PDF engine, as WebAssembly from @embedpdf/pdfium; the .wasm is the
// package's own file, nothing is fetched), run by the thread of pdf-worker.js. Plain JavaScript: it is loaded in that
// thread without the TypeScript hook.
//
// Input: { bytes, maxPages, maxChars, maxHeapMB }. Output: { pages: [[{ s, x, y, w, h }]], rules: [[{ y, x0, x1 }]] }
// — per page the text runs in PDF units (y upwards, x and y the run's baseline origin, w its advance, h its font
// size) and the horizontal lines drawn (a table's ruling: at height y from x0 to x1), or { error:
// 'encrypted' | 'unreadable' | 'pages' | 'chars' | 'memory', count?, message? } (count: the pages or characters counted,
// refused before they are read). `restart: true` on an answer: this instance is spent (PDFium
// aborted, or its heap grew large and WebAssembly memory never shrinks), the caller starts a new thread.
//
// A run is what pdf.js called a text item, so the position binding downstream (read/pdf.ts joins runs into cells) is
// the same: characters of one text object (one text-showing operator), in content order, on one baseline, each
// starting where the previous one's advance ended give or take SPLIT_GAP of the font size. Another text object, a wider
// gap, a step backwards or another baseline starts a new run; a gap wider than SPACE_GAP inside a run reads as one space
// (two numbers of one object a little apart never fuse into one).
const fs = require('node:fs');

/** Gaps in font sizes (em): wider than SPLIT_GAP starts a new run, wider than SPACE_GAP inside one is a space. */
const SPLIT_GAP = 0.6;
const SPACE_GAP = 0.102;
/** A step back wider than this (em) is no kerning but a new run (text drawn out of order). */
const BACK_GAP = -0.2;
/** Baselines closer than this (em) are one. */
const SAME_BASELINE = 0.1;
/** What FPDFText_GetUnicode gives for a hyphen that PDFium takes for one breaking a word at a line's end. */
const HYPHEN_AT_LINE_END = 0x02;
/** FPDF_PAGEOBJ_PATH, FPDF_SEGMENT_LINETO and FPDF_SEGMENT_MOVETO of fpdf_edit.h (a Bézier segment is 1). */
const PATH_OBJECT = 2;
const SEGMENT_LINETO = 0;
const SEGMENT_MOVETO = 2;
/** The page objects and path segments looked at for rules, per page: past them a page's further rules are left unread
 * (the text is read anyway; a table's ruling is a few hundred segments). */
const MAX_RULE_OBJECTS = 20000;
const MAX_RULE_SEGMENTS = 200000;
/** A segment is a horizontal rule when it is at least this long and rises less than RULE_SLOPE over it (PDF units). */
const RULE_MIN_LENGTH = 4;
const RULE_SLOPE = 0.5;
/** PDFium's FPDF_GetLastError codes that mean a password is needed. */
const FPDF_ERR_PASSWORD = 4;
const FPDF_ERR_SECURITY = 5;
/** A heap grown past this (MB) is given back after the answer: a new thread starts small again. */
const KEEP_HEAP_MB = 96;
const MB = 1024 * 1024;

let engine; // { module, exports, heapLimit: { bytes } }

/**
 * PDFium, instantiated once per thread. The WebAssembly memory is PDFium's whole heap; it grows only through
 * Memory.prototype.grow, which is capped here: past the cap PDFium's allocation fails (it then reports an error or
 * aborts), instead of the heap growing towards its built-in 2 GB.
 */
async function loadEngine() {
  const { init } = require('@embedpdf/pdfium');
  const wasmBinary = fs.readFileSync(require.resolve('@embedpdf/pdfium/pdfium.wasm'));
  const heapLimit = { bytes: 384 * MB, refused: false };
  const wrapped = await init({
    wasmBinary,
    print: () => {},
    printErr: () => {},
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(wasmBinary, imports).then(({ instance, module }) => {
        const memory = instance.exports.memory;
        memory.grow = function grow(pages) {
          if (this.buffer.byteLength + pages * 65536 > heapLimit.bytes) {
            heapLimit.refused = true;
            throw new RangeError('heap limit');
          }
          return WebAssembly.Memory.prototype.grow.call(this, pages);
        };
        receive(instance, module);
      });
      return {};
    },
  });
  wrapped.PDFiumExt_Init();
  const module = wrapped.pdfium;
  return { module, exports: module.wasmExports, heapLimit };
}

function heapBytes() {
  return engine.module.HEAPU8.length;
}

/**
 * Where a character's advance ends (its loose box's right edge: the origin plus the glyph's advance width). A glyph
 * of a vertical font (Identity-V: a group label printed top to bottom) has a loose box as wide as its vertical advance
 * reaches, far into the next column; its ink (the tight box) is what it covers then.
 */
function advanceEnd(text, i, x, size, out) {
  const { exports: pdfium, module } = engine;
  pdfium.FPDFText_GetLooseCharBox(text, i, out); // FS_RECTF: left, top, right, bottom
  const right = module.HEAPF32[(out >> 2) + 2];
  if (right >= x && right - x <= 1.5 * size) return right;
  pdfium.FPDFText_GetCharBox(text, i, out, out + 8, out + 16, out + 24); // left, right, bottom, top (doubles)
  return Math.max(x, module.HEAPF64[(out >> 3) + 1]);
}

/** The text runs of one page. */
function pageRuns(text, out, beat) {
  const { exports: pdfium, module } = engine;
  const runs = [];
  let run;
  let object = 0;
  let size = 1;
  const count = pdfium.FPDFText_CountChars(text);
  for (let i = 0; i < count; i++) {
    if ((i & 1023) === 0) beat();
    if (pdfium.FPDFText_IsGenerated(text, i)) continue; // spaces and line ends PDFium inferred: positions say more
    let code = pdfium.FPDFText_GetUnicode(text, i);
    if (code === HYPHEN_AT_LINE_END) code = 0x2d;
    if (code < 0x20 || code === 0xfffe || code === 0xffff) continue;
    if (!pdfium.FPDFText_GetCharOrigin(text, i, out, out + 8)) continue;
    const x = module.HEAPF64[out >> 3];
    const y = module.HEAPF64[(out >> 3) + 1];
    const owner = pdfium.FPDFText_GetTextObject(text, i);
    if (owner !== object || !run) {
      // the size in page units: the font size scaled by the object's matrix (a WPS PDF sets 240 and scales by 0.05)
      pdfium.FPDFText_GetMatrix(text, i, out); // FS_MATRIX: a b c d e f
      size = pdfium.FPDFText_GetFontSize(text, i) * Math.hypot(module.HEAPF32[(out >> 2) + 2], module.HEAPF32[(out >> 2) + 3]) || 1;
    }
    const right = advanceEnd(text, i, x, size, out);
    if (owner !== object || !run) {
      object = owner;
      if (run) runs.push(run);
      run = { s: String.fromCodePoint(code), x, y, end: Math.max(right, x), h: size, object };
      continue;
    }
    const gap = x - run.end;
    if (Math.abs(y - run.y) > SAME_BASELINE * size || gap < BACK_GAP * size || gap > SPLIT_GAP * size) {
      runs.push(run);
      run = { s: String.fromCodePoint(code), x, y, end: Math.max(right, x), h: size, object };
      continue;
    }
    const char = String.fromCodePoint(code);
    if (gap > SPACE_GAP * size && char !== ' ' && !run.s.endsWith(' ')) run.s += ' ';
    run.s += char;
    run.end = Math.max(run.end, right);
  }
  if (run) runs.push(run);
  return runs.map((r) => ({ s: r.s, x: r.x, y: r.y, w: r.end - r.x, h: r.h }));
}

/**
 * The horizontal lines a page draws (a table's ruling): each straight segment of a path object — lines, rectangles,
 * a cell border Word draws as a thin filled rectangle — in page space (the object's matrix applied), that is level.
 * Curves are skipped. `out` is a 32-byte scratch buffer.
 */
function pageRules(page, out, beat) {
  const { exports: pdfium, module } = engine;
  const rules = [];
  const objects = Math.min(pdfium.FPDFPage_CountObjects(page), MAX_RULE_OBJECTS);
  let budget = MAX_RULE_SEGMENTS;
  for (let k = 0; k < objects && budget > 0; k++) {
    if ((k & 1023) === 0) beat();
    const object = pdfium.FPDFPage_GetObject(page, k);
    if (!object || pdfium.FPDFPageObj_GetType(object) !== PATH_OBJECT || !pdfium.FPDFPageObj_GetMatrix(object, out)) continue;
    const [a, b, c, d, e, f] = Array.from(module.HEAPF32.subarray(out >> 2, (out >> 2) + 6));
    const point = (segment) => {
      pdfium.FPDFPathSegment_GetPoint(segment, out + 24, out + 28);
      const px = module.HEAPF32[(out + 24) >> 2];
      const py = module.HEAPF32[(out + 28) >> 2];
      return { x: a * px + c * py + e, y: b * px + d * py + f };
    };
    const level = (p, q) => {
      if (Math.abs(p.y - q.y) < RULE_SLOPE && Math.abs(p.x - q.x) >= RULE_MIN_LENGTH) rules.push({ y: (p.y + q.y) / 2, x0: Math.min(p.x, q.x), x1: Math.max(p.x, q.x) });
    };
    const segments = Math.min(pdfium.FPDFPath_CountSegments(object), budget);
    budget -= Math.max(segments, 1);
    let start;
    let previous;
    for (let n = 0; n < segments; n++) {
      if ((n & 1023) === 1023) beat();
      const segment = pdfium.FPDFPath_GetPathSegment(object, n);
      if (!segment) continue;
      const type = pdfium.FPDFPathSegment_GetType(segment);
      const p = point(segment);
      if (type === SEGMENT_MOVETO) start = p;
      else if (type === SEGMENT_LINETO && previous) level(previous, p);
      previous = p;
      if (pdfium.FPDFPathSegment_GetClose(segment) && start) {
        level(previous, start);
        previous = start;
      }
    }
  }
  return rules;
}

function extract(bytes, maxPages, maxChars, maxHeapMB, beat) {
  const { exports: pdfium, module } = engine;
  engine.heapLimit.bytes = Math.max(heapBytes(), maxHeapMB * MB);
  let data = 0;
  let out = 0;
  let doc = 0;
  try {
    data = pdfium.malloc(bytes.length);
    out = pdfium.malloc(32);
    if (!data || !out) return { error: 'memory' };
    module.HEAPU8.set(bytes, data);
    doc = pdfium.FPDF_LoadMemDocument(data, bytes.length, 0);
    if (!doc) {
      const code = pdfium.FPDF_GetLastError();
      return code === FPDF_ERR_PASSWORD || code === FPDF_ERR_SECURITY ? { error: 'encrypted' } : { error: 'unreadable', message: `FPDF_GetLastError ${code}` };
    }
    const count = pdfium.FPDF_GetPageCount(doc);
    if (count > maxPages) return { error: 'pages', count };
    const pages = [];
    const rules = [];
    let chars = 0;
    for (let n = 0; n < count; n++) {
      beat();
      const page = pdfium.FPDF_LoadPage(doc, n);
      if (!page) return { error: 'unreadable', message: `page ${n + 1}` };
      const text = pdfium.FPDFText_LoadPage(page);
      try {
        chars += text ? pdfium.FPDFText_CountChars(text) : 0;
        if (chars > maxChars) return { error: 'chars', count: chars };
        pages.push(text ? pageRuns(text, out, beat) : []);
        rules.push(pageRules(page, out, beat));
      } finally {
        if (text) pdfium.FPDFText_ClosePage(text);
        pdfium.FPDF_ClosePage(page);
      }
    }
    return { pages, rules };
  } finally {
    if (doc) pdfium.FPDF_CloseDocument(doc);
    if (out) pdfium.free(out);
    if (data) pdfium.free(data);
  }
}

async function answer({ bytes, maxPages, maxChars, maxHeapMB }, beat) {
  try {
    engine ??= await loadEngine();
  } catch (error) {
    return { error: 'unreadable', message: `PDFium: ${error && error.message}`, restart: true };
  }
  engine.heapLimit.refused = false;
  let result;
  try {
    result = extract(bytes, maxPages, maxChars, maxHeapMB, beat);
  } catch (error) {
    // PDFium aborted (an allocation it could not do, or a fault): this instance is spent
    result = { error: 'unreadable', message: String(error && error.message), restart: true };
  }
  // whatever PDFium made of an allocation refused at the cap (an abort, a page it could not load), the reason is that
  if (result.error && engine.heapLimit.refused) result = { ...result, error: 'memory' };
  return heapBytes() > KEEP_HEAP_MB * MB ? { ...result, restart: true } : result;
}

module.exports = { answer };
