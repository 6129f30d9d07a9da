'use strict';
// The PDF text extractor, run by synckit in a worker thread so that reading stays synchronous for its callers
// (pdf.js is asynchronous). Plain JavaScript: it is loaded without the TypeScript hook.
// Input: the PDF bytes and a page limit. Output: { pages: [[{ s, x, y, w, h }]] } (PDF units, y upwards), or
// { error: 'encrypted' | 'unreadable' | 'pages', count }.
const path = require('node:path');
const { runAsWorker } = require('synckit');

const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
let pdfjs;

runAsWorker(async (bytes, maxPages) => {
  if (!pdfjs) {
    // pdf.js warns on load that it cannot draw without the optional `canvas` package; we only read text
    const { log, warn } = console;
    console.log = console.warn = () => {};
    try {
      pdfjs = require('pdfjs-dist/legacy/build/pdf.js');
    } finally {
      Object.assign(console, { log, warn });
    }
  }
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      cMapUrl: `${path.join(root, 'cmaps')}${path.sep}`,
      cMapPacked: true,
      standardFontDataUrl: `${path.join(root, 'standard_fonts')}${path.sep}`,
      disableFontFace: true,
      isEvalSupported: false,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    return { error: error && error.name === 'PasswordException' ? 'encrypted' : 'unreadable', message: String(error && error.message) };
  }
  try {
    if (doc.numPages > maxPages) return { error: 'pages', count: doc.numPages };
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(content.items.filter((item) => 'str' in item).map((item) => ({ s: item.str, x: item.transform[4], y: item.transform[5], w: item.width, h: item.height || Math.abs(item.transform[3]) })));
      page.cleanup();
    }
    return { pages };
  } catch (error) {
    return { error: 'unreadable', message: String(error && error.message) };
  } finally {
    await doc.destroy();
  }
});
