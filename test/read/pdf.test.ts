/**
 * Published PDF reports (issue 7), printed in the test with pdfkit and a CJK font, read through `inspect` and `run`:
 * every value bound to its label with its page and line, the quirks of real PDFs one by one, scans refused.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import PDFDocument from 'pdfkit';
import { runCli } from '../../src/cli';
import { readBytes } from '../../src/read/read';
import { inspectBytes, type Submission } from '../../src/inspect';
import { SUBTOTAL_CELLS, type Format } from '../../src/model/canonical';
import { formLayout, type LayoutBlock, formTables } from '../../src/render/form-layout';
import { makeCounty, parseCsv } from '../fixtures/county';
import { CJK_FONT, renderPdf, type PdfQuirks } from '../fixtures/pdf';
import { restartTextWorker } from '../../src/read/pdf';
import { consistentValues } from '../fixtures/values';
import { mappings } from '../fixtures/workbook';
import { issueMessage, shownIssue } from '../../src/issues';

beforeAll(() => {
  if (!fs.existsSync(CJK_FONT)) throw new Error(`${CJK_FONT} is missing: apt-get install -y fonts-arphic-uming (.ci/run does)`);
});

function tables(format: Format, values: Record<string, number | string>, relabel: (t: string) => string = (t) => t): LayoutBlock[] {
  const l = formLayout(mappings[format], { values });
  return formTables(l).map((b) => ({ ...b, rows: b.rows.map((r) => r.map((v) => (typeof v === 'string' ? relabel(v) : v))) }));
}

async function readPdf(format: Format, values: Record<string, number | string>, quirks: PdfQuirks = {}, relabel?: (t: string) => string): Promise<Submission> {
  const year = format === '2019' ? 2020 : 2024;
  const bytes = await renderPdf({ agency: '淮安市人民政府', year, compiledBy: '淮安市人民政府办公室', tables: tables(format, values, relabel) }, quirks);
  return inspectBytes(bytes, 'report.pdf', { mappings });
}

describe.each(['2019', '2021'] as const)('format %s', (format) => {
  const values = consistentValues(format, 8);
  const bare: Record<string, string> = format === '2019' ? { 'proactive.procurement.amount': `${values['proactive.procurement.amount']}万元` } : {};
  const printed = { ...values, ...bare };

  test('a plain PDF of the standard report reads exactly: identity from the title and prose, every value, valid', async () => {
    const s = await readPdf(format, printed);
    expect([s.agency, s.year, s.format, s.status, s.issues]).toEqual(['淮安市', format === '2019' ? 2020 : 2024, format, 'valid', []]);
    expect(s.values).toEqual(values);
  });

  test('with every printing quirk at once (title on two lines, group label one character per line, a row broken by a page break, a note in 表四, split header cells, page numbers, running heads)', async () => {
    const s = await readPdf(format, printed, { titleOnTwoLines: true, groupColumnWidth: 14, breakInsideRow: '（一）予以公开', noteInAppeals: '注：行政诉讼数据截至 12 月 31 日。' });
    expect([s.agency, s.year, s.status, s.issues]).toEqual(['淮安市', format === '2019' ? 2020 : 2024, 'valid', []]);
    expect(s.values).toEqual(values);
    // （一）予以公开's values are on the next page, under the running head
    expect(s.provenance['requests.granted.natural']!.sheet).toBe('page2');
  });

  test.each([
    ['a table continued on the next page under its header printed again', { repeatHeader: true }],
    ['the text of each page emitted in reverse order', { reverseOrder: true }],
    ['both, with a row broken by the page and page numbers', { repeatHeader: true, reverseOrder: true, breakInsideRow: '（一）予以公开' }],
  ])('%s: every value read', async (_d, quirks) => {
    const s = await readPdf(format, printed, quirks);
    expect([s.status, s.issues]).toEqual(['valid', []]);
    expect(s.values).toEqual(values);
    const pages = new Set(Object.values(s.provenance).map((p) => p.sheet));
    expect(pages.size).toBeGreaterThan(1); // the tables do run over pages
  });
});

test('labels broken over lines are joined; 「1、」 reads as 「1.」; 表四 under a flattened one-line header', async () => {
  const values = consistentValues('2021', 3);
  const relabel = (t: string) => t.replace(/^(\d)\./, '$1、');
  const flat = tables('2021', values, relabel);
  const [title, , groups, leaves, data] = flat[2]!.rows;
  const names = ['行政复议', String(groups![5]), String(groups![10])];
  flat[2] = { rows: [title!, leaves!.map((_v, c) => `${names[Math.floor(c / 5)]}${String(groups![c % 5] ?? '')}`), data!], merges: [{ s: { r: 0, c: 0 }, e: { r: 0, c: 14 } }] };
  const bytes = await renderPdf({ agency: '某镇', year: 2024, compiledBy: '某镇党政办', tables: flat });
  const s = inspectBytes(bytes, 'x.pdf', { mappings });
  expect([s.status, s.values]).toEqual(['valid', values]);
  expect(s.provenance['requests.partial.total']!.rowLabel).toBe('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
});

test('an annotated number 22（其中修订16件） is read as 22, with a warning at its place', async () => {
  const values = consistentValues('2021', 4);
  const s = await readPdf('2021', { ...values, 'proactive.normative_docs.issued': '22（其中修订16件）' });
  expect(s.values['proactive.normative_docs.issued']).toBe(22);
  const warning = s.issues.find((i) => i.code === 'value.annotated')!;
  expect(shownIssue(warning)).toMatchObject({ severity: 'warning', sheet: 'page1', expected: 22, found: '22（其中修订16件）' });
  expect(issueMessage(warning)).toBe('表二「行政规范性文件」行「本年制发件数」列的「22（其中修订16件）」按 22 读取，括号中的说明未计入，请核对');
});

test('a blank cell prints nothing and shifts nothing: the row is read by position, the blank is 0', async () => {
  const values: Record<string, number | string | null> = { ...consistentValues('2021', 5) };
  values['requests.granted.research'] = null;
  const s = await readPdf('2021', values as Record<string, number>);
  expect(s.issues.filter((i) => i.code === 'layout.row_values')).toEqual([]);
  expect(s.values).toEqual({ ...values, 'requests.granted.research': 0 });
});

function pdfOf(draw: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  draw(doc);
  doc.end();
  return done;
}

test.each([
  ['a scan (pages of pictures, no text layer) is file.no_text', () => pdfOf((d) => d.rect(50, 50, 400, 600).fill('#777')), 'file.no_text', 'PDF 中没有文字（是扫描或拍照得到的图片），无法读取数字；请报送 Word 或 WPS 直接导出的 PDF，或原始的 Excel 表格'],
  ['a password-protected PDF is file.encrypted', () => pdfOf((d) => d.text('x'), { userPassword: 'secret', ownerPassword: 'owner' }), 'file.encrypted', '文件设置了打开密码，无法读取；请去掉密码后重新报送'],
  ['a truncated PDF is unreadable', async () => (await pdfOf((d) => d.text('x'))).subarray(0, 300), 'file.unreadable', '无法读取文件：PDF 文件已损坏，无法读取其中的文字'],
])('%s', async (_d, make, code, message) => {
  const s = inspectBytes(await make(), 'x.pdf', { mappings });
  expect([s.status, s.issues.map((i) => [i.code, issueMessage(i)])]).toEqual(['unreadable', [[code, message]]]);
});

test('explain gives the page and line of every value; run files a PDF like any report', async () => {
  const county = makeCounty({ county: '样例县', roster: [] });
  try {
    const values = consistentValues('2021', 6);
    const bytes = await renderPdf({ agency: '东风镇人民政府', year: 2022, compiledBy: '东风镇人民政府办公室', tables: tables('2021', values) });
    const file = county.drop('东风镇年报.pdf', bytes, '2023-01-05T01:00:00Z');
    let out = '';
    expect(await runCli(['inspect', file, '--explain'], { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: county.dir })).toBe(0);
    const explained = out.slice(out.indexOf('数值来源')).split('\n').filter((l) => l.startsWith('  '));
    expect(explained).toHaveLength(Object.keys(values).length);
    // every value printed in the PDF says its page and line; the subtotal the form does not print, its parts
    const summed = explained.filter((l) => l.includes('　分项之和　'));
    expect(summed.map((l) => l.trim().split('　')[0])).toEqual(SUBTOTAL_CELLS['2021'].map((c) => c.id));
    expect(explained.filter((l) => !summed.includes(l)).every((l) => /　第 \d 页第 \d+ 行　/.test(l))).toBe(true);
    expect((await county.run()).code).toBe(0);
    const rows = parseCsv(county.read('outbox/2022/values.csv'));
    expect(rows).toHaveLength(Object.keys(values).length);
    expect(rows.find((r) => r.id === 'requests.new.total')).toMatchObject({ agency: '东风镇', value: String(values['requests.new.total']), sheet: 'page1', cell: expect.stringMatching(/^L\d+$/) });
    expect(fs.existsSync(path.join(county.dir, 'archive/2022/东风镇/东风镇年报.pdf'))).toBe(true);
  } finally {
    county.cleanup();
  }
});

test('the text-extracting thread has a bounded heap: a PDF that needs more is refused with a reason, and the next one is read', async () => {
  const bytes = await renderPdf({ agency: '某镇', year: 2024, compiledBy: '某镇党政办', tables: tables('2021', consistentValues('2021', 1)) });
  restartTextWorker({ maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 }, 2000); // too little for any PDF
  try {
    const s = inspectBytes(bytes, 'x.pdf', { mappings });
    expect([s.status, s.issues.map((i) => issueMessage(i))]).toEqual(['unreadable', ['无法读取文件：PDF 的内容解开后异常庞大（超过读取所允许的内存），疑似恶意构造，未读取']]);
  } finally {
    restartTextWorker();
  }
  expect(inspectBytes(bytes, 'x.pdf', { mappings }).status).toBe('valid');
}, 60000);

/** The title and a 2021 表二（一） block's header, its cells wrapped over two lines as Word prints a narrow column. */
function drawBlockHeader(doc: PDFKit.PDFDocument): void {
  doc.registerFont('cjk', CJK_FONT, 'UMingCN');
  doc.font('cjk').fontSize(10);
  doc.text('某镇2022年政府信息公开工作年度报告', 80, 60, { lineBreak: false });
  doc.text('第二十条第（一）项', 250, 120, { lineBreak: false });
  for (const [text, x, y] of [['信息内容', 90, 150], ['本年制发', 220, 140], ['件数', 228, 155], ['本年废止', 320, 140], ['件数', 328, 155], ['现行有效', 420, 140], ['件数', 428, 155]] as const) {
    doc.text(text, x, y, { lineBreak: false });
  }
}

/** A page drawn piece by piece where the test says: a 2021 表二（一） block and rows of numbers at chosen places. */
function placedPdf(rows: [string, [string, number][]][], extra: (doc: PDFKit.PDFDocument) => void = () => {}): Promise<Buffer> {
  return pdfOf((doc) => {
    drawBlockHeader(doc);
    rows.forEach(([label, numbers], n) => {
      const y = 190 + 40 * n;
      // a long label wraps above and below its numbers (Word centres them in a tall cell); a short one is on their line
      if (label.length <= 3) doc.text(label, 80, y, { lineBreak: false });
      else {
        doc.text(label.slice(0, 3), 80, y - 12, { lineBreak: false });
        doc.text(label.slice(3), 80, y + 12, { lineBreak: false });
      }
      for (const [text, x] of numbers) doc.text(text, x, y, { lineBreak: false });
    });
    extra(doc);
  });
}

test('by position: numbers bound to the header band their centre falls in, blanks left out, labels wrapped round them', async () => {
  const bytes = await placedPdf([['规章', [['7', 440]]], ['行政规范性文件', [['12', 230], ['30', 436]]]]);
  const s = inspectBytes(bytes, 'x.pdf', { mappings });
  expect(s.format).toBe('2021');
  expect([s.values['proactive.rules.issued'], s.values['proactive.rules.repealed'], s.values['proactive.rules.in_force']]).toEqual([0, 0, 7]);
  expect([s.values['proactive.normative_docs.issued'], s.values['proactive.normative_docs.repealed'], s.values['proactive.normative_docs.in_force']]).toEqual([12, 0, 30]);
  expect(s.provenance['proactive.normative_docs.in_force']).toMatchObject({ sheet: 'page1', rowLabel: '行政规范性文件', columnLabel: '现行有效件数' });
});

test.each([
  ['a number in no band', [['4', 230], ['9', 560]]],
  ['two numbers in one band', [['4', 225], ['5', 245]]],
] as [string, [string, number][]][])('by position: %s refuses the row at its label, and only that row', async (_d, numbers) => {
  const s = inspectBytes(await placedPdf([['规章', [['1', 230], ['0', 330], ['1', 430]]], ['行政规范性文件', numbers]]), 'x.pdf', { mappings });
  const issue = s.issues.find((i) => i.code === 'layout.row_values');
  expect(issue).toMatchObject({ severity: 'error', sheet: 'page1' });
  expect(['proactive.normative_docs.issued', 'proactive.normative_docs.repealed', 'proactive.normative_docs.in_force'].map((id) => s.values[id])).toEqual([null, null, null]);
  expect(s.values['proactive.rules.in_force']).toBe(1);
});

test('a page number printed in pieces (「-」「3」「-」) is not read as a figure or a line of text', async () => {
  const bytes = await placedPdf([['规章', [['1', 230]]]], (doc) => {
    doc.text('-', 290, 760, { lineBreak: false });
    doc.text('3', 300, 760, { lineBreak: false });
    doc.text('-', 310, 760, { lineBreak: false });
  });
  const r = readBytes(bytes, 'x.pdf');
  expect(r.ok && r.grid.prose!.map((p) => p.text)).not.toContain('-3-');
  expect(r.ok && r.grid.linear!.some((c) => c.text === '3')).toBe(false);
});

test.each(['—', '-', '/', '无'])('a zero printed 「%s」 in a PDF reads as 0 by its position, the row is read', async (zero) => {
  const values = { ...consistentValues('2021', 10), 'requests.granted.research': 0 };
  const s = await readPdf('2021', { ...values, 'requests.granted.research': zero });
  expect([s.status, s.issues.filter((i) => i.severity === 'error')]).toEqual(['valid', []]);
  expect(s.values).toEqual(values);
});

test('a number printed inside a table where no row takes it is named where it stands (layout.value_unplaced), never dropped', async () => {
  // 规章's three numbers, and a fourth on a line of its own between the header and the first row
  const bytes = await placedPdf([['规章', [['1', 230], ['0', 330], ['1', 430]]], ['行政规范性文件', [['4', 230], ['0', 330], ['9', 430]]]], (doc) => {
    doc.text('147230', 320, 168, { lineBreak: false });
  });
  const s = inspectBytes(bytes, 'x.pdf', { mappings });
  const unplaced = s.issues.filter((i) => i.code === 'layout.value_unplaced');
  expect(unplaced.map((i) => [i.severity, i.sheet, issueMessage(i)])).toEqual([['error', 'page1', '表二中印有数字「147230」，但它不在任何一行、一列的位置上，无法确定属于哪一格，没有读取；请核对原表，把它填在所属的格中']]);
  expect(s.status).toBe('invalid');
  expect(Object.values(s.values)).not.toContain(147230);
});

test('a number on a line between two rows, in a column where the upper row is blank, is not bound to the upper row: it may be the lower row’s (printed above its label)', async () => {
  const bytes = await pdfOf((doc) => {
    drawBlockHeader(doc);
    // 规章: its numbers on its label's line, 本年废止件数 blank
    doc.text('规章', 80, 190, { lineBreak: false });
    doc.text('1', 230, 190, { lineBreak: false });
    doc.text('1', 436, 190, { lineBreak: false });
    // a number on a line of its own, nearer the next row's label than this one's
    doc.text('5', 330, 215, { lineBreak: false });
    doc.text('行政规范性文件', 80, 232, { lineBreak: false });
    doc.text('4', 230, 232, { lineBreak: false });
    doc.text('9', 436, 232, { lineBreak: false });
  });
  const s = inspectBytes(bytes, 'x.pdf', { mappings });
  expect(Object.values(s.values)).not.toContain(5);
  expect(s.issues.filter((i) => i.code === 'layout.value_unplaced').map((i) => { const shown = shownIssue(i); return [shown.severity, shown.expected, shown.found]; })).toEqual([['error', null, '5']]);
  expect([s.values['proactive.rules.issued'], s.values['proactive.rules.in_force'], s.values['proactive.normative_docs.issued'], s.values['proactive.normative_docs.in_force']]).toEqual([1, 1, 4, 9]);
  expect(s.status).toBe('invalid');
});
