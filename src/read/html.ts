/**
 * A report web page → a Grid: every innermost <table> is a sheet named table1, table2, … (in document order), with
 * rowspan/colspan expanded into merged ranges (the value sits at the range's top-left, as in a spreadsheet); the
 * running text outside those tables (title, headings, paragraphs) is the Grid's prose. Parsed with parse5, the
 * HTML parser of the WHATWG spec: broken markup is repaired the way browsers repair it.
 */
import type { DefaultTreeAdapterMap } from 'parse5';
import { decodeText, encodingNamed } from './decode';
import { joinContinuedTables, type DocumentTable } from './continued-tables';
import { foldCellText, type CellRange, type Grid, type Paragraph, type RawCell } from './grid';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** A span beyond this is treated as 1 (a hostile page could ask for a billion columns). */
const MAX_SPAN = 200;

/**
 * Pages nested deeper than this are refused before parsing: parse5's work grows with the square of the nesting
 * (200,000 nested <div>s take minutes), and a real report page nests a few dozen levels.
 */
export const MAX_NESTING = 2000;

/** Elements that never hold content, or that a later sibling closes without an end tag: they add no depth. */
const NO_DEPTH = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'p', 'li', 'td', 'th', 'tr', 'option', 'dt', 'dd', 'thead', 'tbody', 'tfoot', 'colgroup']);

/** Whether the page's tags nest deeper than `limit` (a scan of its tags, before any parsing). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (const m of text.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const tag = m[2]!.toLowerCase();
    if (NO_DEPTH.has(tag) || m[3]) continue;
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > limit) return true;
  }
  return false;
}

export class HtmlError extends Error {}

const BLOCK = new Set(['address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'ul']);
const SKIPPED = new Set(['script', 'style', 'noscript', 'template']);

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function childrenOf(node: Node): Node[] {
  if (isElement(node) && node.tagName === 'template') return [];
  return 'childNodes' in node ? (node.childNodes as Node[]) : [];
}

/** The charset a page declares in its first bytes (<meta charset=…> or http-equiv content=…; charset=…). */
export function declaredCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|table|meta|title)\b/i.test(text) || /<table\b[\s\S]*<\/table>/i.test(text.slice(0, 200_000));
}

/** Text of an element as a reader sees it: <br> and block boundaries break lines; runs of spaces fold to one. */
function textOf(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeName === '#text') parts.push((n as DefaultTreeAdapterMap['textNode']).value);
    else if (isElement(n)) {
      if (SKIPPED.has(n.tagName)) return;
      if (BLOCK.has(n.tagName)) parts.push('\n');
      childrenOf(n).forEach(walk);
      if (BLOCK.has(n.tagName)) parts.push('\n');
    }
  };
  childrenOf(node).forEach(walk);
  return foldCellText(parts.join(''));
}

function findAll(node: Node, tag: string, inside: (e: Element) => boolean = () => true): Element[] {
  const found: Element[] = [];
  const walk = (n: Node) => {
    if (!isElement(n)) return;
    if (n.tagName === tag) found.push(n);
    if (n.tagName !== tag || inside(n)) childrenOf(n).forEach(walk);
  };
  childrenOf(node).forEach(walk);
  return found;
}

function span(element: Element, name: 'rowspan' | 'colspan'): number {
  const value = Number.parseInt(element.attrs.find((a) => a.name === name)?.value ?? '1', 10);
  return Number.isFinite(value) && value >= 1 && value <= MAX_SPAN ? value : 1;
}

/** The table's rows laid out the way a browser lays them out: each cell at the first column its row has free. */
function tableSheet(table: Element, proseBefore: number): DocumentTable {
  const rows: (RawCell | undefined)[][] = [];
  const merges: CellRange[] = [];
  const taken: boolean[][] = [];
  let width = 0;
  const trs = findAll(table, 'tr');
  trs.forEach((tr, r) => {
    taken[r] ??= [];
    let c = 0;
    for (const cell of childrenOf(tr).filter((n): n is Element => isElement(n) && (n.tagName === 'td' || n.tagName === 'th'))) {
      while (taken[r]![c]) c++;
      const [rowSpan, colSpan] = [span(cell, 'rowspan'), span(cell, 'colspan')];
      const text = textOf(cell);
      if (text) (rows[r] ??= [])[c] = { value: text };
      for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) (taken[r + dr] ??= [])[c + dc] = true;
      if (rowSpan > 1 || colSpan > 1) merges.push({ s: { r, c }, e: { r: r + rowSpan - 1, c: c + colSpan - 1 } });
      c += colSpan;
      width = Math.max(width, c);
    }
  });
  return { sheet: { rows, merges }, width, height: Math.max(trs.length, taken.length), proseBefore };
}

/**
 * Paragraphs of the page outside its innermost tables, in document order (the <title> first), and how many of them
 * stand before each table.
 */
function proseOf(document: Node, tables: ReadonlySet<Element>): { paragraphs: Paragraph[]; before: Map<Element, number> } {
  const paragraphs: Paragraph[] = [];
  const before = new Map<Element, number>();
  let buffer = '';
  const flush = () => {
    const text = buffer.replace(/\s+/g, ' ').trim();
    if (text) paragraphs.push({ text });
    buffer = '';
  };
  const walk = (n: Node) => {
    if (n.nodeName === '#text') buffer += (n as DefaultTreeAdapterMap['textNode']).value;
    else if (isElement(n)) {
      if (SKIPPED.has(n.tagName)) return flush();
      if (tables.has(n)) {
        flush();
        before.set(n, paragraphs.length);
        return;
      }
      const block = BLOCK.has(n.tagName);
      if (block) flush();
      childrenOf(n).forEach(walk);
      if (block) flush();
    } else childrenOf(n).forEach(walk); // the document itself
  };
  walk(document);
  flush();
  return { paragraphs, before };
}

export function htmlGrid(bytes: Buffer): Grid {
  const charset = declaredCharset(bytes);
  const { text } = decodeText(bytes, charset ? encodingNamed(charset) : undefined);
  if (nestsDeeperThan(text, MAX_NESTING)) throw new HtmlError(`nested deeper than ${MAX_NESTING}`);
  const document = (require('parse5') as typeof import('parse5')).parse(text); // loaded when a page is first read
  // innermost tables hold the figures; a layout table around them holds only other tables and prose
  const innermost = findAll(document, 'table').filter((t) => findAll(t, 'table').length === 0);
  const { paragraphs, before } = proseOf(document, new Set(innermost));
  // a table cut in two by a page break (in the Word document the page was made from) is one table
  return { sheets: joinContinuedTables(innermost.map((table) => tableSheet(table, before.get(table) ?? 0))), prose: paragraphs };
}
