/**
 * A text PDF → report text: PDFium (read/pdfium.js: Chrome's PDF engine as WebAssembly) extracts the text runs with
 * their positions, in a worker thread with a bounded heap (its V8 heap by resourceLimits, PDFium's own by a cap on
 * its WebAssembly memory) that is called synchronously, so reading stays synchronous like every other kind of file and
 * a PDF that hangs or bloats costs its own thread, not the run. The runs are rebuilt into lines (by their baseline) and
 * cells (by the gaps between them); page numbers (-4-, — 5 —, 第 5 页) and running heads repeated at the top of pages
 * are dropped. The cells then go to locate/linear.ts like report text, each with its page and line; every line is
 * also prose for identity.
 */
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import type { Grid, LinearCell, Paragraph } from './grid';
import { lineRef } from './grid';

/** A PDF of more pages than this is not an annual report (the standard one has 6–20). */
export const MAX_PDF_PAGES = 200;
/** …nor of more characters than this (a report's page holds some 3,000): counted page by page, before a page is read. */
export const MAX_PDF_CHARS = 500_000;
/** Fewer characters than this in the text layer: a scan (pictures of pages), not text. */
const MIN_TEXT_CHARS = 40;

interface Item {
  s: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A horizontal line a page draws: at height y (PDF units, upwards) from x0 to x1. */
interface Rule {
  y: number;
  x0: number;
  x1: number;
}

type Extracted = ({ pages: Item[][]; rules: Rule[][] } | { error: 'encrypted' | 'unreadable' | 'pages' | 'chars' | 'memory' | 'timeout'; count?: number; message?: string }) & { restart?: boolean };

export class PdfError extends Error {
  constructor(readonly kind: 'encrypted' | 'unreadable' | 'pages' | 'chars' | 'no_text' | 'memory' | 'timeout', message: string, readonly count = 0) {
    super(message);
  }
}

/**
 * JavaScript heap of the text-extracting thread (MB): it holds the bytes and the runs of one PDF, a few MB for a report;
 * with PDFium's heap beside it, one PDF stays well under the 400 MB a file may take.
 */
export const PDF_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };
/** PDFium's heap (its WebAssembly memory, MB): past it an allocation fails and the PDF is refused (file.unreadable). */
export const PDF_HEAP_MB = 192;
const PDF_TIMEOUT_MS = 120_000;

interface TextWorker {
  worker: Worker;
  port: MessagePort;
  /** [0]: set when an answer is posted; [1]: the thread's heartbeat */
  signal: Int32Array;
  /** no heartbeat for this long: the thread is dead (a heap limit ends a thread without a word) */
  silentMs: number;
}

let textWorker: TextWorker | undefined;

function startTextWorker(limits: ResourceLimits, silentMs = 15_000): TextWorker {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(path.join(__dirname, 'pdf-worker.js'), { workerData: { port: port2, signal }, transferList: [port2], resourceLimits: limits });
  worker.unref();
  worker.on('error', () => undefined); // a thread that ran out of memory: noticed below, while waiting
  port1.unref();
  return { worker, port: port1, signal, silentMs };
}

/**
 * Extracts the text items synchronously: posts the bytes to the thread and waits on a shared flag, looking every
 * 50 ms whether the thread still beats and the time is not up. (While this thread is blocked no 'exit' event can be
 * seen: the heartbeat is how a thread killed by its heap limit is noticed.)
 */
export function extractText(bytes: Buffer, maxPages = MAX_PDF_PAGES, maxChars = MAX_PDF_CHARS): Extracted {
  textWorker ??= startTextWorker(PDF_WORKER_LIMITS);
  const { worker, port, signal, silentMs } = textWorker;
  Atomics.store(signal, 0, 0);
  port.postMessage({ bytes, maxPages, maxChars, maxHeapMB: PDF_HEAP_MB });
  const deadline = Date.now() + PDF_TIMEOUT_MS;
  let beat = Atomics.load(signal, 1);
  let beatAt = Date.now();
  while (Atomics.wait(signal, 0, 0, 50) === 'timed-out') {
    const now = Date.now();
    if (Atomics.load(signal, 1) !== beat) [beat, beatAt] = [Atomics.load(signal, 1), now];
    const dead = now - beatAt > silentMs;
    if (dead || now > deadline) {
      void worker.terminate();
      textWorker = undefined;
      return { error: dead ? 'memory' : 'timeout' };
    }
  }
  const answer = (receiveMessageOnPort(port)?.message as Extracted | undefined) ?? { error: 'unreadable' };
  if (answer.restart) restartTextWorker();
  return answer;
}

/** For tests: the next PDF is read by a new thread with these limits (without: the usual thread again). */
export function restartTextWorker(limits?: ResourceLimits, silentMs?: number): void {
  if (textWorker) void textWorker.worker.terminate();
  textWorker = limits ? startTextWorker(limits, silentMs) : undefined;
}

/** A line of a page: its cells left to right. */
interface Line {
  y: number;
  /** the line's text height (its largest font size) */
  h: number;
  cells: { text: string; x: number; right: number }[];
}

/**
 * Items on one baseline (within 40 % of the text height) form a line; a gap wider than a quarter of a character
 * splits cells (text inside one cell runs on; the padding of a table cell is wider).
 */
function linesOf(items: Item[]): Line[] {
  const visible = items.filter((i) => i.s.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; items: Item[] }[] = [];
  for (const item of visible) {
    const line = lines.find((l) => Math.abs(l.y - item.y) <= 0.4 * Math.max(item.h, 1));
    if (line) line.items.push(item);
    else lines.push({ y: item.y, items: [item] });
  }
  return lines
    .sort((a, b) => b.y - a.y)
    .map((line) => {
      const sorted = line.items.sort((a, b) => a.x - b.x);
      const cells: { text: string; x: number; end: number }[] = [];
      for (const item of sorted) {
        const last = cells[cells.length - 1];
        if (last && item.x - last.end <= 0.25 * Math.max(item.h, 1)) {
          last.text += item.s;
          last.end = item.x + item.w;
        } else cells.push({ text: item.s, x: item.x, end: item.x + item.w });
      }
      const h = Math.max(...line.items.map((i) => i.h));
      return { y: line.y, h, cells: cells.map((c) => ({ text: c.text.trim(), x: c.x, right: c.end })).filter((c) => c.text) };
    });
}

/** Where between a line's baseline and its text's top (in text heights) a rule counts as above rather than below it. */
const TEXT_MIDDLE = 0.35;
/** Rules are looked for this far (PDF units) beyond a cell's ends: a border drawn a hair short still counts. */
const RULE_REACH = 1;

/** The ruled cell a line's cell sits in: the nearest rules above and below it across its middle, when both are drawn. */
function ruledCellOf(rules: readonly Rule[], line: Line, cell: { x: number; right: number }): { top: number; bottom: number } | undefined {
  const middle = (cell.x + cell.right) / 2;
  const split = line.y + TEXT_MIDDLE * line.h;
  let top = Infinity;
  let bottom = -Infinity;
  for (const r of rules) {
    if (middle < r.x0 - RULE_REACH || middle > r.x1 + RULE_REACH) continue;
    if (r.y > split) top = Math.min(top, r.y);
    else bottom = Math.max(bottom, r.y);
  }
  return top < Infinity && bottom > -Infinity ? { top, bottom } : undefined;
}

/** -4-, — 5 —, 第5页, 第 5 页 共 9 页, 5/9 */
const PAGE_NUMBER = /^([-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;

/** A line that is only a page number, also printed in pieces (「-」「3」「-」, 「—  3  —」 spaced out). */
function isPageNumber(line: Line): boolean {
  return line.cells.length <= 5 && PAGE_NUMBER.test(line.cells.map((c) => c.text).join(''));
}

export function pdfGrid(bytes: Buffer): Grid {
  const result = extractText(bytes);
  if ('error' in result) throw new PdfError(result.error, result.message ?? result.error, result.count ?? 0);
  const pages = result.pages.map(linesOf);
  const chars = pages.flat().reduce((n, line) => n + line.cells.reduce((m, c) => m + c.text.replace(/\s/g, '').length, 0), 0);
  if (chars < MIN_TEXT_CHARS) throw new PdfError('no_text', 'no text layer');
  // a running head: the first line of a later page that repeats another page's first line or names the report
  const firsts = pages.map((lines) => lines.find((l) => !isPageNumber(l))?.cells.map((c) => c.text).join(' ') ?? '');
  const isHead = (text: string, page: number) => page > 0 && (firsts.indexOf(text) !== page || /年度报告$/.test(text.replace(/\s+/g, '')));
  const linear: LinearCell[] = [];
  const prose: Paragraph[] = [];
  pages.forEach((lines, p) => {
    const page = p + 1;
    let number = 0;
    lines.forEach((line, n) => {
      if (isPageNumber(line)) return;
      const text = line.cells.map((c) => c.text).join(' ');
      if (n === 0 && isHead(text, p)) return;
      number++;
      prose.push({ text: line.cells.map((c) => c.text).join(''), ref: lineRef(number, page) });
      for (const cell of line.cells) {
        const band = ruledCellOf(result.rules[p] ?? [], line, cell);
        linear.push({ text: cell.text, line: number, page, x: cell.x, right: cell.right, ...(band ? { band } : {}) });
      }
    });
  });
  return { sheets: [], prose, linear };
}
