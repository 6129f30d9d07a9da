'use strict';
// The PDF text extractor, in a worker thread with a bounded heap, called synchronously by read/pdf.ts (pdf.js is
// asynchronous): a request arrives on workerData.port, the answer is posted back on it, then workerData.signal is
// set and notified. Plain JavaScript: it is loaded without the TypeScript hook.
// Input: the PDF bytes and a page limit. Output: { pages: [[{ s, x, y, w, h }]] } (PDF units, y upwards), or
// { error: 'encrypted' | 'unreadable' | 'pages', count }.
const path = require('node:path');
const { workerData } = require('node:worker_threads');

const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
let pdfjs;

async function extract(bytes, maxPages) {
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
}

const { port, signal } = workerData;
// a heartbeat (signal[1]): the caller, blocked while waiting, tells a dead thread (out of memory) from a busy one
setInterval(() => Atomics.add(signal, 1, 1), 100).unref();
port.on('message', async ({ bytes, maxPages }) => {
  let result;
  try {
    result = await extract(bytes, maxPages);
  } catch (error) {
    result = { error: 'unreadable', message: String(error && error.message) };
  }
  port.postMessage(result);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
