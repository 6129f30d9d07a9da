'use strict';
// The thread that reads PDFs (read/pdfium.js), called synchronously by read/pdf.ts: a request arrives on
// workerData.port, the answer is posted back on it, then workerData.signal is set and notified.
const { workerData } = require('node:worker_threads');
const { answer } = require('./pdfium.js');

const { port, signal } = workerData;
// a heartbeat (signal[1]): the caller, blocked while waiting, tells a dead thread (out of memory) from a busy one. PDFium
// runs synchronously, so the extraction beats itself, at each page and every 1,024 characters.
const beat = () => Atomics.add(signal, 1, 1);
setInterval(beat, 100).unref();
port.on('message', async (request) => {
  const result = await answer(request, beat);
  port.postMessage(result);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
