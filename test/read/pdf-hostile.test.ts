/**
 * PDFs from outside that try to hurt (issue 27 §3). PDFium reads them in a thread of its own with a capped heap: each
 * file ends in a result or a reason, never a crash of the run, and the next file is read as usual.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { inspectBytes } from '../../src/inspect';
import { issueMessage } from '../../src/issues';
import { inflatingPdf, manyCharactersPdf, manyPagesPdf } from '../fixtures/hostile';
import { CJK_FONT } from '../fixtures/pdf';
import { mappings } from '../fixtures/workbook';

const DOCUMENTS = path.join(__dirname, '../fixtures/documents');
/** Real reports as published: one exported by WPS (embedded CJK fonts, a vertical group label), one by Word. */
const REAL = ['real-hongze-2024.pdf', '02-hushizhen-2019.pdf'].map((name) => ({ name, bytes: fs.readFileSync(path.join(DOCUMENTS, name)) }));

/** What each real PDF reads as in a fresh thread, before any hostile file. */
let before: Map<string, unknown>;
const reading = (bytes: Buffer, name: string) => {
  const s = inspectBytes(bytes, name, { mappings });
  return { status: s.status, agency: s.agency, year: s.year, values: s.values };
};
beforeAll(() => {
  before = new Map(REAL.map(({ name, bytes }) => [name, reading(bytes, name)]));
  expect([...before.values()].map((r) => (r as { status: string }).status)).toEqual(['valid', 'valid']);
});

function readsAsBefore(): void {
  for (const { name, bytes } of REAL) expect(reading(bytes, name)).toEqual(before.get(name));
}

test('a PDF of more pages than a report has is refused by its page count, before a page is read', () => {
  const s = inspectBytes(manyPagesPdf(5000), 'x.pdf', { mappings });
  expect([s.status, s.issues.map((i) => [i.code, issueMessage(i)])]).toEqual(['unreadable', [['file.unreadable', '无法读取文件：PDF 有 5000 页（上限 200 页），不像是一份年报，未读取']]]);
});

test('a PDF of more characters than a report has is refused by their count, as a file too large for a report', () => {
  const bytes = manyCharactersPdf(600_000);
  expect(bytes.length).toBeLessThan(64 * 1024);
  const s = inspectBytes(bytes, 'x.pdf', { mappings });
  expect([s.status, s.issues.map((i) => [i.code, issueMessage(i)])]).toEqual(['unreadable', [['file.too_large', '文件有 600000 个文字，一份年报远不到 500000 个文字，不像是年报；为免占用过多内存，未读取']]]);
});

test.each([
  ['one content stream of 320 MB', 320, 1],
  ['a stream of 64 MB drawn 16 times on one page', 64, 16],
])("a page whose content inflates past PDFium's heap (%s) is refused with a reason, and the next PDF is read", (_d, megabytes, times) => {
  const bomb = inflatingPdf(megabytes, times);
  expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
  const s = inspectBytes(bomb, 'bomb.pdf', { mappings });
  expect([s.status, s.issues.map((i) => [i.code, issueMessage(i)])]).toEqual(['unreadable', [['file.unreadable', '无法读取文件：PDF 的内容解开后异常庞大（超过读取所允许的内存），疑似恶意构造，未读取']]]);
  readsAsBefore();
}, 60000);

test('a PDF encrypted with an owner password only (it opens without one, printing or copying restricted) is read', async () => {
  const doc = new PDFDocument({ ownerPassword: 'owner', permissions: { printing: 'lowResolution', copying: false, modifying: false } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', CJK_FONT, 'UMingCN');
  doc.font('cjk').fontSize(12).text('某镇人民政府2022年政府信息公开工作年度报告', 80, 80);
  doc.text('本报告由某镇人民政府办公室编制。全年共收到政府信息公开申请12件。', 80, 120);
  doc.end();
  const bytes = await done;
  expect(bytes.toString('latin1')).toContain('/Encrypt');
  const s = inspectBytes(bytes, 'x.pdf', { mappings });
  expect(s.issues.map((i) => i.code)).not.toContain('file.encrypted');
  expect([s.agency, s.year]).toEqual(['某镇', 2022]);
});

/** Values a field of a PDF's syntax should not hold: offsets, lengths, counts and object numbers out of range. */
const NASTY_NUMBERS = ['0', '-1', '1', '2147483647', '2147483648', '4294967296', '99999999999999999999', '1e9', '-2147483649', '65535'];

/** One edit of a file: bytes overwritten, cut off, removed, repeated, or a number of its syntax replaced. */
type Edit =
  | { kind: 'overwrite'; at: number; bytes: number[] }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete' | 'duplicate'; at: number; size: number }
  | { kind: 'number'; which: number; value: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('overwrite' as const), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), size: fc.integer({ min: 1, max: 4096 }) }),
  fc.record({ kind: fc.constant('number' as const), which: fc.nat(), value: fc.constantFrom(...NASTY_NUMBERS) }),
);

function applyEdit(bytes: Buffer, e: Edit): Buffer {
  if (e.kind === 'number') {
    // the e.which-th number outside the streams' data (those are compressed bytes)
    const text = bytes.toString('latin1');
    const numbers = [...text.matchAll(/(?<![\w.])\d+(?![\w.])/g)].filter((m) => text.lastIndexOf('stream\n', m.index) <= text.lastIndexOf('endstream', m.index));
    const m = numbers[e.which % Math.max(1, numbers.length)];
    if (!m) return bytes;
    return Buffer.concat([bytes.subarray(0, m.index), Buffer.from(e.value, 'latin1'), bytes.subarray(m.index + m[0].length)]);
  }
  const at = Math.floor(e.at * bytes.length);
  if (e.kind === 'truncate') return bytes.subarray(0, at);
  if (e.kind === 'overwrite') {
    const copy = Buffer.from(bytes);
    Buffer.from(e.bytes).copy(copy, at);
    return copy;
  }
  if (e.kind === 'delete') return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + e.size)]);
  return Buffer.concat([bytes.subarray(0, at + e.size), bytes.subarray(at)]);
}

test('mutants of real PDFs (seeded): each ends in a result or an unreadable file with its reason; the thread keeps reading', () => {
  const seen = { read: 0, unreadable: 0 };
  fc.assert(
    fc.property(fc.constantFrom(...REAL), fc.array(edit, { minLength: 1, maxLength: 6 }), ({ name, bytes }, edits) => {
      const mutant = edits.reduce(applyEdit, bytes);
      const s = inspectBytes(mutant, name, { mappings });
      expect(['valid', 'invalid', 'unreadable']).toContain(s.status);
      if (s.status === 'unreadable') {
        seen.unreadable++;
        expect(s.issues).toHaveLength(1);
        expect(s.issues[0]!.code).toMatch(/^file\./);
        expect(issueMessage(s.issues[0]!)).toMatch(/[\u4e00-\u9fff]/);
      } else seen.read++;
    }),
    { seed: 20261207, numRuns: 300 },
  );
  // both kinds of end were met: the mutants were neither all harmless nor all fatal
  expect(seen.read).toBeGreaterThan(20);
  expect(seen.unreadable).toBeGreaterThan(20);
  readsAsBefore();
}, 180000);
